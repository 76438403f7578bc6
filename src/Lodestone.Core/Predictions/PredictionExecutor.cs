using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Models;
using Lodestone.Trainers;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lodestone.Predictions;

/// <summary>
/// Runs one prediction batch in whatever process the job engine runs it. Reentrant: it takes the batch only when it is
/// queued (or abandoned by a dead worker), claiming it with the state as concurrency token, so a job that runs twice
/// predicts once. It cuts the dataset's windows as the version's <see cref="ModelWindow"/> says, sensor by sensor (no
/// window spans two sensors), predicts them in chunks with progress, and writes each chunk to the batch's partial
/// folder, published only once every window is written.
/// </summary>
public sealed class PredictionExecutor(IServiceScopeFactory scopes, TrainerCatalog trainers, SampleStore samples, PredictionStore results,
    IOptions<RunExecutorOptions> options, TimeProvider clock, ILogger<PredictionExecutor> logger)
{
    /// <summary>Windows predicted and written at a time: progress moves and a cancel is seen between chunks.</summary>
    public int ChunkWindows { get; set; } = 2048;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <param name="processStopping">The process shutting down: the batch is left to be taken again and start afresh.</param>
    public async Task ExecuteAsync(Guid batchId, CancellationToken processStopping)
    {
        var claimed = false;
        var batch = await ChangeAsync(batchId, b => claimed = b.TryClaim(Now, options.Value.StaleAfter), processStopping);
        if (batch is null || !claimed)
        {
            logger.LogDebug("Prediction batch {BatchId} is not this job's (gone, ended, or held by a live worker)", batchId);
            return;
        }
        var attempt = batch.Attempt;
        try
        {
            var (version, dataset, folder) = await InputsAsync(batch, processStopping);
            PredictionChecks.Check(version, dataset);
            var model = await Task.Run(() => trainers.Load(folder), processStopping);
            var windows = await Task.Run(() => ReadWindows(batch, version, dataset), processStopping);
            var total = windows.Sum(w => w.Windows.Count);
            if (!await HeldAsync(batchId, attempt, b => b.ReportProgress(0, total, Now))) return;

            using var writer = results.Begin(batch.ProjectId, batch.Id);
            var summary = new SummaryBuilder(batch.IsDetector, model is IThresholdDetector detector ? detector.Threshold : null);
            var done = 0;
            foreach (var (sensor, set) in windows)
                for (var first = 0; first < set.Count; first += ChunkWindows)
                {
                    processStopping.ThrowIfCancellationRequested();
                    var chunk = set.Select([.. Enumerable.Range(first, Math.Min(ChunkWindows, set.Count - first))]);
                    var predictions = await Task.Run(() => model.Predict(chunk), processStopping);
                    var rows = predictions.Select((p, i) => Row(p, batch.Task, chunk.StartTimes[i], chunk.StartTimes[i] + chunk.WindowDuration, sensor)).ToList();
                    await Task.Run(() => writer.Append(rows), processStopping);
                    summary.Add(rows);
                    done += rows.Count;
                    if (!await HeldAsync(batchId, attempt, b => b.ReportProgress(done, total, Now))) return;
                }
            writer.Commit();
            if (!await HeldAsync(batchId, attempt, b => b.Complete(summary.Build(), Now)))
                results.Delete(batch.ProjectId, batch.Id); // cancelled in the last moment: its results go with it
            else logger.LogInformation("Prediction batch {BatchId} of {Model} v{Version}: {Windows} windows", batchId, batch.ModelName, batch.VersionNumber, done);
        }
        catch (OperationCanceledException) when (processStopping.IsCancellationRequested)
        {
            // Left running: its heartbeat stops, and recovery queues it again (start-up, or once it is stale).
            logger.LogInformation("Prediction batch {BatchId} stopped with the process; it starts again when taken up", batchId);
            throw;
        }
        catch (Exception e)
        {
            var expected = e is InvalidInputException or TrainerDataException or KeyNotFoundException;
            var reason = expected ? e.Message : $"{e.GetType().Name}: {e.Message}";
            if (expected) logger.LogWarning("Prediction batch {BatchId} failed: {Reason}", batchId, reason);
            else logger.LogWarning(e, "Prediction batch {BatchId} failed", batchId);
            await HeldAsync(batchId, attempt, b => b.Fail(reason, Now));
        }
    }

    private async Task<(ModelVersion Version, Dataset Dataset, string ModelFolder)> InputsAsync(PredictionBatch batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
        var version = await registry.FindAsync(batch.ProjectId, batch.ModelVersionId, cancellationToken)
            ?? throw new InvalidInputException($"{batch.ModelName} v{batch.VersionNumber} is no longer in the project.");
        var dataset = await scope.ServiceProvider.GetRequiredService<LodestoneDb>().Datasets.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == batch.DatasetId && d.ProjectId == batch.ProjectId, cancellationToken)
            ?? throw new InvalidInputException($"The dataset {batch.DatasetId} is no longer in the project.");
        return (version, dataset, registry.ArtifactFolder(version));
    }

    /// <summary>The dataset's windows cut as the version cut its own, one set per sensor of a multi-sensor dataset.</summary>
    private List<(string? Sensor, WindowSet Windows)> ReadWindows(PredictionBatch batch, ModelVersion version, Dataset dataset)
    {
        var window = version.Window;
        var rate = dataset.SamplingRateHz ?? window.SampleRateHz;
        var stride = window.Stride > 0 ? window.Stride : SampleStoreWindowSource.DefaultStride(window.Length);
        IReadOnlyList<string?> sensors = dataset.SensorIds.Count > 1 ? [.. dataset.SensorIds] : [null];
        return [.. sensors.Select(sensor =>
        {
            var read = samples.ReadWindows(batch.ProjectId, dataset.Id, window.Channels, null, null, window.Length, stride, sensor);
            var set = new WindowSet(read.Channels, read.Length, read.Values, read.StartTimes, datasetIds: read.DatasetIds) { SampleRateHz = rate };
            return (sensor ?? dataset.SensorIds.SingleOrDefault(), set);
        })];
    }

    /// <summary>One window's result as the store keeps it, by what the task's predictions carry.</summary>
    private static PredictionWindow Row(Prediction p, TrainingTask task, DateTime start, DateTime end, string? sensor)
    {
        switch (task)
        {
            case TrainingTask.AnomalyDetection:
                return new PredictionWindow(start, end, sensor, p.IsAnomaly ? "anomaly" : "normal", p.Score, null, p.IsAnomaly);
            case TrainingTask.Classification or TrainingTask.MultiLabelClassification:
                var labels = p.Labels is { Count: > 0 } chosen ? chosen
                    : p.Scores is { Count: > 0 } scores ? [scores.MaxBy(s => s.Value).Key] : [];
                double? confidence = p.Scores is { } all && labels.Count > 0 ? labels.Min(l => all.GetValueOrDefault(l)) : null;
                return new PredictionWindow(start, end, sensor, labels.Count == 0 ? null : string.Join("+", labels), confidence ?? p.Score, confidence, false);
            default:
                return new PredictionWindow(start, end, sensor, null, p.Score, null, false);
        }
    }

    /// <summary>Applies a change only while this attempt holds the batch; false when it was cancelled or taken over.</summary>
    private async Task<bool> HeldAsync(Guid batchId, int attempt, Action<PredictionBatch> change)
    {
        var held = false;
        await ChangeAsync(batchId, b =>
        {
            held = b.IsHeldBy(attempt);
            if (held) change(b);
        }, CancellationToken.None);
        if (!held) logger.LogInformation("Prediction batch {BatchId} was cancelled or taken over; attempt {Attempt} stops", batchId, attempt);
        return held;
    }

    private async Task<PredictionBatch?> ChangeAsync(Guid batchId, Action<PredictionBatch> change, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PredictionService>().ChangeAsync(batchId, change, cancellationToken);
    }

    /// <summary>The batch's summary, gathered chunk by chunk.</summary>
    private sealed class SummaryBuilder(bool detector, double? threshold)
    {
        private long _windows, _flagged, _scored;
        private double _min = double.PositiveInfinity, _max = double.NegativeInfinity, _sum;
        private readonly Dictionary<string, long> _labels = new(StringComparer.Ordinal);

        public void Add(IEnumerable<PredictionWindow> rows)
        {
            foreach (var row in rows)
            {
                _windows++;
                if (row.Flagged) _flagged++;
                if (row.Label is { } label) _labels[label] = _labels.GetValueOrDefault(label) + 1;
                if (row.Score is not { } score || !double.IsFinite(score)) continue;
                _scored++;
                _min = Math.Min(_min, score);
                _max = Math.Max(_max, score);
                _sum += score;
            }
        }

        public PredictionSummary Build() => new(_windows, detector ? _flagged : null, _labels,
            _scored == 0 ? null : _min, _scored == 0 ? null : _max, _scored == 0 ? null : _sum / _scored, threshold);
    }
}
