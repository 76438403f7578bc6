using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Features;
using Lodestone.Labels;
using Lodestone.Models;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// Reads a run's windows from the sample store. The recipe's <see cref="RunWindow"/> sets <c>length</c>, <c>stride</c>
/// and <c>channels</c>; without it the window is suggested from the first dataset's sampling rate and every measured channel
/// the datasets share is used. Several datasets are concatenated, each window keeping the id of the dataset it came from.
/// <para>
/// <c>"sensor"</c> (optional) keeps only the rows of one sensor, for per-sensor models (named <c>{kind}_{sensor}</c>);
/// every dataset of the run must have recorded that sensor. Without it a multi-sensor dataset's rows are windowed sensor
/// by sensor (<see cref="SampleStore.ReadWindows"/>), so no window mixes two sensors' samples.
/// </para>
/// <para>
/// <c>"labelChannel"</c> (optional) names a numeric channel that holds ground truth, such as SKAB's <c>anomaly</c> column
/// (1 during a fault, 0 otherwise): a window is labelled <see cref="AnomalyLabel"/> when the channel's maximum over the
/// window is at least 0.5, else <see cref="NormalLabel"/>, with weight 1. That channel is then never an input, even
/// when <c>channels</c> names it, so a model cannot read the answer. This labels uploaded data before annotations exist.
/// Channels imported as truth (<see cref="Datasets.ChannelProfile.Truth"/>) are left out of the default inputs too.
/// </para>
/// </summary>
public sealed class SampleStoreWindowSource(LodestoneDb db, SampleStore store) : IWindowSource
{
    public const string AnomalyLabel = "Anomaly";
    public const string NormalLabel = "Normal";

    public async Task<WindowSet> LoadAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        var datasets = await db.Datasets.AsNoTracking()
            .Where(d => d.ProjectId == request.ProjectId && request.DatasetIds.Contains(d.Id)).ToListAsync(cancellationToken);
        if (request.RefitFrom is { } parent && InheritedDatasets.MissingFrom(parent, datasets.Select(d => d.Id)) is { Count: > 0 } inherited)
            throw new RunSetupException(InheritedDatasets.MissingMessage(parent, inherited));
        var missing = request.DatasetIds.Except(datasets.Select(d => d.Id)).ToList();
        if (missing.Count > 0) throw new RunSetupException($"The project has no dataset {string.Join(", ", missing)}.");
        if (datasets.Count == 0) throw new RunSetupException("The run names no dataset to train on.");

        var window = request.Recipe.Window;
        var shared = datasets.Select(d => d.Channels.Where(c => !c.Derived).Select(c => c.Name)).Aggregate((a, b) => a.Intersect(b)).ToList();
        var labelChannel = string.IsNullOrWhiteSpace(window.LabelChannel) ? null : window.LabelChannel.Trim();
        if (labelChannel is not null && !shared.Contains(labelChannel))
            throw new RunSetupException($"The label channel '{labelChannel}' is not a channel every dataset has; shared: {string.Join(", ", shared)}.");
        // Truth channels (a recording's ground truth, such as the demo's event and anomaly) are inputs only when named.
        var truth = datasets.SelectMany(d => d.Channels.Where(c => c.Truth).Select(c => c.Name)).ToHashSet();
        var channels = (window.Channels ?? shared.Where(c => !truth.Contains(c))).Where(c => c != labelChannel).ToList();
        if (channels.Count == 0) throw new RunSetupException("No input channel is left besides the label channel.");
        var absent = channels.Except(shared).ToList();
        if (absent.Count > 0) throw new RunSetupException($"Not every dataset has the channel(s) {string.Join(", ", absent)}; shared: {string.Join(", ", shared)}.");
        var sensor = string.IsNullOrWhiteSpace(window.Sensor) ? null : window.Sensor.Trim();
        var without = sensor is null ? [] : datasets.Where(d => !d.SensorIds.Contains(sensor)).ToList();
        if (without.Count > 0)
            throw new RunSetupException($"The dataset(s) {string.Join(", ", without.Select(d => $"'{d.Name}' (sensors: {string.Join(", ", d.SensorIds)})"))} have no rows of sensor '{sensor}'.");
        var rate = datasets[0].SamplingRateHz ?? 1;
        // Without a length, the window the start form would suggest: from the rate, or for slow data from the inputs' memory,
        // short enough that the data hold the windows the kind needs.
        var length = window.Length ?? WindowSuggestion.Suggest(rate, memory: await Task.Run(() =>
                SlowestChannel.ReadForSlowData(store, request.ProjectId, datasets, channels, sensor, cancellationToken), cancellationToken))
            .WithEnoughWindows(rate, RowsRead(datasets, sensor), TrainerSuggestions.MinimumWindows(request.TrainerKind)).Size;
        var stride = window.Stride ?? DefaultStride(length);

        var parts = new List<WindowSet>();
        foreach (var dataset in datasets.OrderBy(d => request.DatasetIds.ToList().IndexOf(d.Id)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (labelChannel is not null)
            {
                var part = await Task.Run(() => store.ReadWindows(request.ProjectId, dataset.Id, [.. channels, labelChannel], null, null, length, stride, sensor), cancellationToken);
                parts.Add(LabelByLastChannel(part));
                continue;
            }
            var labeller = await AnnotationLabeller.ForDatasetAsync(db, request.ProjectId, dataset.Id, window.LabelLevel, cancellationToken);
            // Annotations of one sensor label only its windows, so the windows are read sensor by sensor then.
            var sensors = labeller.IsPerSensor && sensor is null && dataset.SensorIds.Count > 1 ? dataset.SensorIds.Select(s => (string?)s).ToList() : [sensor];
            foreach (var each in sensors)
            {
                var part = await Task.Run(() => store.ReadWindows(request.ProjectId, dataset.Id, channels, null, null, length, stride, each), cancellationToken);
                parts.Add(labeller.IsEmpty ? part : labeller.Label(new WindowSet(part.Channels, part.Length, part.Values, part.StartTimes, part.Labels, part.DatasetIds)
                    { SampleRateHz = dataset.SamplingRateHz ?? 0 }, each ?? (dataset.SensorIds.Count == 1 ? dataset.SensorIds[0] : null)));
            }
        }
        return Concatenate(parts, datasets[0].SamplingRateHz ?? 0);
    }

    /// <summary>
    /// About how many rows each series a run cuts into windows holds: one per dataset and sensor (each sensor's share of
    /// the rows), or one per dataset when it names a sensor or the dataset has one.
    /// </summary>
    public static IReadOnlyCollection<long> RowsRead(IEnumerable<Dataset> datasets, string? sensor) =>
        [.. datasets.SelectMany(d => Enumerable.Repeat(d.RowCount / Math.Max(1, d.SensorIds.Count), sensor is null ? Math.Max(1, d.SensorIds.Count) : 1))];

    /// <summary>The stride when the config sets none: half a window, so each sample is seen twice.</summary>
    public static int DefaultStride(int length) => Math.Max(1, length / 2);

    private static WindowSet Concatenate(List<WindowSet> parts, double rate)
    {
        var first = parts[0];
        return new WindowSet(first.Channels, first.Length,
            parts.SelectMany(p => p.Values).ToArray(),
            parts.SelectMany(p => p.StartTimes).ToArray(),
            parts.SelectMany(p => p.Labels).ToArray(),
            parts.SelectMany(p => p.DatasetIds).ToArray()) { SampleRateHz = rate };
    }

    /// <summary>The windows without their last channel, labelled by that channel's maximum over each window.</summary>
    private static WindowSet LabelByLastChannel(WindowSet windows)
    {
        var inputs = windows.Channels.Count - 1;
        var values = new float[windows.Count * inputs * windows.Length];
        var labels = new IReadOnlyDictionary<string, float>?[windows.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            windows.Window(w)[..(inputs * windows.Length)].CopyTo(values.AsSpan(w * inputs * windows.Length));
            var anomalous = false;
            foreach (var v in windows.Series(w, inputs)) anomalous |= v >= 0.5f;
            // Case-insensitive so an anomaly detector's default label "anomaly" finds these windows too.
            labels[w] = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase) { [anomalous ? AnomalyLabel : NormalLabel] = 1 };
        }
        return new WindowSet(windows.Channels.Take(inputs).ToList(), windows.Length, values, windows.StartTimes, labels, windows.DatasetIds);
    }
}
