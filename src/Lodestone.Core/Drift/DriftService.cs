using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Models;
using Lodestone.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Drift;

/// <summary>
/// Compares recent data with what a model version was trained on, per input channel (raw samples), and stores the
/// report. The reference is every dataset the version was fitted on (those still present), its channels; both sides
/// are cut to a reproducible subsample of at most <see cref="MaxSamplesPerColumn"/> values per column (reservoir
/// sampling with the report's seed, the same rows for every channel), so a report on ten million rows costs one
/// streamed pass and bounded memory. Which test a column gets depends on the reference's size after that cut
/// (<see cref="ColumnDriftTest"/>).
/// </summary>
public sealed class DriftService(LodestoneDb db, SampleStore samples, ReadingStore readings)
{
    public const int MaxSamplesPerColumn = 10_000;
    public const int DefaultSeed = 13;

    /// <summary>Compares <paramref name="comparison"/>'s data with <paramref name="version"/>'s training data and stores the report.</summary>
    /// <exception cref="InvalidInputException">A field names something that is not there, or there is nothing to compare.</exception>
    public async Task<DriftReport> CompareAsync(ModelVersion version, DriftComparison comparison, Guid? userId, CancellationToken cancellationToken = default,
        int seed = DefaultSeed)
    {
        var channels = version.Window.Channels;
        if (channels.Count == 0) throw new InvalidInputException($"model: {version.ModelName} v{version.Number} names no input channels to compare.");
        var known = await db.Datasets.Where(d => d.ProjectId == version.ProjectId).Select(d => d.Id).ToListAsync(cancellationToken);
        var training = version.Datasets.Select(d => d.DatasetId).Distinct().Where(known.Contains).ToList();
        if (training.Count == 0)
            throw new InvalidInputException($"model: the datasets {version.ModelName} v{version.Number} was trained on are gone, so there is nothing to compare with.");

        var current = comparison.Source == DriftSource.Dataset
            ? await CurrentFromDatasetAsync(version.ProjectId, comparison, channels, seed, cancellationToken)
            : CurrentFromReadings(version.ProjectId, comparison, channels);
        var reference = Reservoir(channels.Count, training.SelectMany(id => Rows(version.ProjectId, id, channels, null, null, null)), seed);

        var columns = new List<ColumnDrift>();
        for (var c = 0; c < channels.Count; c++)
        {
            var r = reference[c];
            var k = current[c];
            if (r.Length == 0 || k.Length == 0) continue;
            columns.Add(ColumnDriftTest.Compare(channels[c], "channel", r, k));
        }
        if (columns.Count == 0) throw new InvalidInputException("datasetId: the training data or the recent data has no values in the model's channels.");

        var report = DriftReport.Create(version.ProjectId, version.Id, version.ModelName, version.Number, comparison, seed, columns, userId, DateTime.UtcNow);
        db.Add(report);
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    public Task<List<DriftReport>> ListAsync(Guid projectId, Guid? modelVersionId = null, CancellationToken cancellationToken = default) =>
        db.Set<DriftReport>().Where(r => r.ProjectId == projectId && (modelVersionId == null || r.ModelVersionId == modelVersionId))
            .OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken);

    public Task<DriftReport?> FindAsync(Guid projectId, Guid reportId, CancellationToken cancellationToken = default) =>
        db.Set<DriftReport>().FirstOrDefaultAsync(r => r.ProjectId == projectId && r.Id == reportId, cancellationToken);

    private async Task<double[][]> CurrentFromDatasetAsync(Guid projectId, DriftComparison comparison, IReadOnlyList<string> channels, int seed,
        CancellationToken cancellationToken)
    {
        var id = comparison.DatasetId!.Value;
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.ProjectId == projectId && d.Id == id, cancellationToken)
            ?? throw new InvalidInputException($"datasetId: the project has no dataset {id}.");
        var missing = channels.Where(c => !dataset.ChannelNames.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException($"datasetId: dataset '{dataset.Name}' has no channel {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the model reads. Channels: {string.Join(", ", dataset.ChannelNames)}.");
        if (comparison.SensorId is { } sensor && dataset.SensorIds.Count > 0 && !dataset.SensorIds.Contains(sensor))
            throw new InvalidInputException($"sensor: dataset '{dataset.Name}' has no sensor '{sensor}'. Sensors: {string.Join(", ", dataset.SensorIds)}.");
        var current = Reservoir(channels.Count, Rows(projectId, id, channels, comparison.From, comparison.To, comparison.SensorId), seed);
        if (current[0].Length == 0) throw new InvalidInputException("from: the dataset has no samples in the range (or of the sensor) asked for.");
        return current;
    }

    private double[][] CurrentFromReadings(Guid projectId, DriftComparison comparison, IReadOnlyList<string> channels)
    {
        var latest = readings.Query(projectId, comparison.SensorId!, DateTime.UnixEpoch, DateTime.UtcNow.AddDays(1))
            .TakeLast(comparison.ReadingCount!.Value).ToList();
        if (latest.Count == 0) throw new InvalidInputException($"sensor: sensor '{comparison.SensorId}' has no readings.");
        var missing = channels.Where(c => latest.All(r => !r.Values.ContainsKey(c))).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException($"sensor: the readings of '{comparison.SensorId}' have no channel {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the model reads.");
        return [.. channels.Select(c => latest.Where(r => r.Values.ContainsKey(c)).Select(r => r.Values[c]).ToArray())];
    }

    /// <summary>The dataset's rows in [from, to) as one value per channel (missing values take the previous one, as trainers see them).</summary>
    private IEnumerable<double[]> Rows(Guid projectId, Guid datasetId, IReadOnlyList<string> channels, DateTime? from, DateTime? to, string? sensorId)
    {
        long? start = from is { } f ? SqlText.ToMicros(f) : null;
        long? end = to is { } t ? SqlText.ToMicros(t) : null;
        var streams = channels.Select(c => samples.ReadChannel(projectId, datasetId, c, sensorId).GetEnumerator()).ToList();
        try
        {
            while (streams.All(s => s.MoveNext()))
            {
                var micros = streams[0].Current.Micros;
                if (start is { } s0 && micros < s0) continue;
                if (end is { } e0 && micros >= e0) yield break;
                yield return [.. streams.Select(s => s.Current.Value)];
            }
        }
        finally
        {
            foreach (var s in streams) s.Dispose();
        }
    }

    /// <summary>Algorithm R with a seeded generator: a uniform, reproducible sample of at most <see cref="MaxSamplesPerColumn"/> rows.</summary>
    private static double[][] Reservoir(int channels, IEnumerable<double[]> rows, int seed)
    {
        var random = new Random(seed);
        var kept = new List<double[]>(MaxSamplesPerColumn);
        long seen = 0;
        foreach (var row in rows)
        {
            seen++;
            if (kept.Count < MaxSamplesPerColumn) kept.Add(row);
            else if (random.NextInt64(seen) is var slot && slot < MaxSamplesPerColumn) kept[(int)slot] = row;
        }
        return [.. Enumerable.Range(0, channels).Select(c => kept.Select(r => r[c]).Where(double.IsFinite).ToArray())];
    }
}
