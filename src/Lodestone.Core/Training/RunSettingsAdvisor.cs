using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// Suggests a run's settings from a project's datasets, for the start form and the API alike: checks the request
/// (kind, datasets, label channel, sensor) with messages a person can act on, reads the label channel when one is named,
/// and hands everything to <see cref="RunSettingsSuggestion.For"/>.
/// </summary>
public sealed class RunSettingsAdvisor(LodestoneDb db, SampleStore store, TrainerCatalog catalog)
{
    /// <summary>The measured channels every one of the datasets has (label channel candidates), in the first one's order.</summary>
    public async Task<IReadOnlyList<string>> SharedChannelsAsync(Guid projectId, IReadOnlyCollection<Guid> datasetIds, CancellationToken cancellationToken = default)
    {
        var datasets = await db.Datasets.AsNoTracking().Where(d => d.ProjectId == projectId && datasetIds.Contains(d.Id)).ToListAsync(cancellationToken);
        return Shared(datasets);
    }

    /// <summary>
    /// The sensor ids every one of the datasets has rows of, in order: a per-sensor run reads one sensor's rows of each
    /// dataset, so only these qualify.
    /// </summary>
    public async Task<IReadOnlyList<string>> SharedSensorsAsync(Guid projectId, IReadOnlyCollection<Guid> datasetIds, CancellationToken cancellationToken = default)
    {
        var sensors = await db.Datasets.AsNoTracking().Where(d => d.ProjectId == projectId && datasetIds.Contains(d.Id)).Select(d => d.SensorIds).ToListAsync(cancellationToken);
        return sensors.Count == 0 ? []
            : sensors.Skip(1).Aggregate((IEnumerable<string>)sensors[0], (shared, ids) => shared.Intersect(ids)).Order(StringComparer.Ordinal).ToList();
    }

    /// <exception cref="InvalidInputException">The kind or a dataset is unknown, or the label channel or sensor is not in every dataset.</exception>
    public async Task<RunSettingsSuggestion> SuggestAsync(Guid projectId, string? kind, IReadOnlyList<Guid> datasetIds, string? labelChannel,
        string? sensor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(kind) || catalog.Find(kind) is not { } trainer)
            throw new InvalidInputException($"Name a trainer kind: one of {string.Join(", ", catalog.Kinds)}.");
        if (datasetIds.Count == 0) throw new InvalidInputException("Choose at least one dataset to suggest settings from.");
        var datasets = await db.Datasets.AsNoTracking().Where(d => d.ProjectId == projectId && datasetIds.Contains(d.Id)).ToListAsync(cancellationToken);
        var missing = datasetIds.Distinct().Except(datasets.Select(d => d.Id)).ToList();
        if (missing.Count > 0) throw new InvalidInputException($"The project has no dataset {string.Join(", ", missing)}.");
        datasets = [.. datasets.OrderBy(d => datasetIds.ToList().IndexOf(d.Id))];

        sensor = string.IsNullOrWhiteSpace(sensor) ? null : sensor.Trim();
        var without = sensor is null ? [] : datasets.Where(d => !d.SensorIds.Contains(sensor)).ToList();
        if (without.Count > 0)
            throw new InvalidInputException($"The dataset(s) {string.Join(", ", without.Select(d => $"'{d.Name}'"))} have no rows of sensor '{sensor}'.");

        LabelChannelSummary? labels = null;
        if (!string.IsNullOrWhiteSpace(labelChannel))
        {
            labelChannel = labelChannel.Trim();
            if (trainer.Task == TrainingTask.Regression)
                throw new InvalidInputException($"{kind} predicts values and reads no label channel; leave it out.");
            var shared = Shared(datasets);
            if (!shared.Contains(labelChannel))
                throw new InvalidInputException($"The label channel '{labelChannel}' is not a measured channel every dataset has; shared: {string.Join(", ", shared)}.");
            var empty = datasets.Where(d => d.Channels.First(c => c.Name == labelChannel).Max is null).ToList();
            if (empty.Count > 0)
                throw new InvalidInputException($"The label channel '{labelChannel}' holds no numeric value in {string.Join(", ", empty.Select(d => $"'{d.Name}'"))}.");
            labels = await Task.Run(() => LabelChannelSummary.Read(store, projectId, datasets, labelChannel, sensor, cancellationToken), cancellationToken);
        }
        // Slow data: the window spans the inputs' (every shared channel but the label and truth channels) longest memory.
        var truth = datasets.SelectMany(d => d.Channels.Where(c => c.Truth).Select(c => c.Name)).ToHashSet();
        var memory = await Task.Run(() => SlowestChannel.ReadForSlowData(store, projectId, datasets, Shared(datasets).Where(c => c != labelChannel && !truth.Contains(c)),
            sensor, cancellationToken), cancellationToken);
        var suggestion = RunSettingsSuggestion.For(catalog, kind, datasets, labels: labels, sensor: sensor, memory: memory);
        return suggestion with { ModelName = await ModelNameAsync(projectId, trainer.Task, datasets, labels, sensor, cancellationToken) };
    }

    /// <summary>
    /// A name for the model the run would start, unique in the project: from the task, the labels the label channel
    /// marks (and the channel's own name, which says what they are: <c>fault</c>, <c>leak</c>), the datasets and the
    /// sensor of a per-sensor run.
    /// </summary>
    private async Task<string> ModelNameAsync(Guid projectId, TrainingTask task, IReadOnlyList<Dataset> datasets, LabelChannelSummary? labels,
        string? sensor, CancellationToken cancellationToken)
    {
        var counts = labels?.Ranges.GroupBy(r => r.Label).Select(g => new KeyValuePair<string, long>(g.Key, g.Count())).ToList() ?? [];
        if (labels is not null) counts.Add(new(labels.Channel, labels.Ranges.Count));
        var taken = await db.Set<Models.Model>().Where(m => m.ProjectId == projectId).Select(m => m.Name).ToListAsync(cancellationToken);
        return Models.ModelNameGenerator.Generate(task, counts, datasets.Count, datasets.Sum(d => d.RowCount), taken, sensor);
    }

    private static List<string> Shared(IReadOnlyList<Dataset> datasets) =>
        datasets.Count == 0 ? []
        : datasets.Skip(1).Aggregate(datasets[0].Channels.Where(c => !c.Derived).Select(c => c.Name).ToList(),
            (shared, d) => shared.Where(n => d.Channels.Any(c => !c.Derived && c.Name == n)).ToList());
}
