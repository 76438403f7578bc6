using System.Diagnostics;
using Lodestone.Data;
using Lodestone.Models;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Deployments;

/// <summary>
/// Measures a version's inference speed and stores it with the version. The call is synchronous and bounded (a few
/// seconds: <see cref="MaxRuns"/> single-window calls, then each batch size for at most <see cref="BatchBudget"/>),
/// not a job: the person asking waits for a number, a job would need a progress page for a few seconds' work, and
/// one benchmark at a time per process (<see cref="OneAtATime"/>) keeps two from timing each other's load.
/// The windows are seeded Gaussian noise of the version's shape (channels × length): the cost of a prediction
/// depends on that shape, not on what the values say.
/// </summary>
public sealed class InferenceBenchmarker(LodestoneDb db, WarmModels warm, TimeProvider clock)
{
    public const int DefaultRuns = 200;
    public const int MaxRuns = 2000;
    private const int WarmUp = 20;
    public static readonly IReadOnlyList<int> Batches = [1, 32, 256];
    private static readonly TimeSpan BatchBudget = TimeSpan.FromSeconds(1);
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <exception cref="InvalidInputException">runs is out of range.</exception>
    /// <exception cref="ModelLoadException">The version's model does not load.</exception>
    public async Task<InferenceBenchmark> MeasureAsync(ModelVersion version, int runs, CancellationToken cancellationToken = default)
    {
        if (runs is < 10 or > MaxRuns) throw new InvalidInputException($"runs: between 10 and {MaxRuns}; {runs} asked.");
        var model = await warm.GetAsync(version);
        await OneAtATime.WaitAsync(cancellationToken);
        InferenceBenchmark measured;
        try
        {
            measured = await Task.Run(() => Measure(model, version, runs, cancellationToken), cancellationToken);
        }
        finally
        {
            OneAtATime.Release();
        }
        var stored = await db.Set<InferenceBenchmark>().FirstOrDefaultAsync(b => b.VersionId == version.Id, cancellationToken);
        if (stored is null) db.Add(measured);
        else stored.Replace(measured);
        await db.SaveChangesAsync(cancellationToken);
        return stored ?? measured;
    }

    public Task<InferenceBenchmark?> LatestAsync(Guid versionId, CancellationToken cancellationToken = default) =>
        db.Set<InferenceBenchmark>().AsNoTracking().FirstOrDefaultAsync(b => b.VersionId == versionId, cancellationToken);

    private async Task<InferenceBenchmark> Measure(ServingModel model, ModelVersion version, int runs, CancellationToken cancellationToken)
    {
        var one = Noise(model.Window, 1, seed: 1);
        for (var i = 0; i < WarmUp; i++) await model.PredictAsync(one, cancellationToken);
        var latencies = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await model.PredictAsync(one, cancellationToken);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var throughput = new List<BatchThroughput>();
        foreach (var size in Batches)
        {
            var batch = Noise(model.Window, size, seed: size);
            await model.PredictAsync(batch, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var windows = 0L;
            do
            {
                await model.PredictAsync(batch, cancellationToken);
                windows += size;
            }
            while (Stopwatch.GetElapsedTime(started) < BatchBudget);
            throughput.Add(new BatchThroughput(size, windows / Stopwatch.GetElapsedTime(started).TotalSeconds));
        }
        return InferenceBenchmark.Of(version.Id, clock.GetUtcNow().UtcDateTime, latencies, throughput, BenchmarkHardware.OfThisMachine());
    }

    private static WindowSet Noise(ModelWindow window, int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * window.Channels.Count * window.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return new WindowSet(window.Channels, window.Length, values, new DateTime[count]) { SampleRateHz = window.SampleRateHz };
    }
}
