using System.Text.Json;
using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Features;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// Reads a run's windows from the sample store. The config's optional <c>"window"</c> object sets <c>length</c>, <c>stride</c>
/// and <c>channels</c>; without it the window is suggested from the first dataset's sampling rate and every measured channel
/// the datasets share is used. Several datasets are concatenated, each window keeping the id of the dataset it came from.
/// </summary>
public sealed class SampleStoreWindowSource(LodestoneDb db, SampleStore store) : IWindowSource
{
    public async Task<WindowSet> LoadAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        var datasets = await db.Datasets.AsNoTracking()
            .Where(d => d.ProjectId == request.ProjectId && request.DatasetIds.Contains(d.Id)).ToListAsync(cancellationToken);
        var missing = request.DatasetIds.Except(datasets.Select(d => d.Id)).ToList();
        if (missing.Count > 0) throw new RunSetupException($"The project has no dataset {string.Join(", ", missing)}.");
        if (datasets.Count == 0) throw new RunSetupException("The run names no dataset to train on.");

        var window = request.Config.ValueKind == JsonValueKind.Object && request.Config.TryGetProperty("window", out var w) ? w : default;
        var shared = datasets.Select(d => d.Channels.Where(c => !c.Derived).Select(c => c.Name)).Aggregate((a, b) => a.Intersect(b)).ToList();
        var channels = Strings(window, "channels") ?? shared;
        var absent = channels.Except(shared).ToList();
        if (absent.Count > 0) throw new RunSetupException($"Not every dataset has the channel(s) {string.Join(", ", absent)}; shared: {string.Join(", ", shared)}.");
        var rate = datasets[0].SamplingRateHz ?? 1;
        var suggestion = WindowSuggestion.Suggest(rate);
        var length = Int(window, "length") ?? suggestion.Size;
        var stride = Int(window, "stride") ?? Math.Max(1, length / 2);

        var parts = new List<WindowSet>();
        foreach (var dataset in datasets.OrderBy(d => request.DatasetIds.ToList().IndexOf(d.Id)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            parts.Add(await Task.Run(() => store.ReadWindows(request.ProjectId, dataset.Id, channels, null, null, length, stride), cancellationToken));
        }
        return Concatenate(parts, datasets[0].SamplingRateHz ?? 0);
    }

    private static WindowSet Concatenate(List<WindowSet> parts, double rate)
    {
        var first = parts[0];
        return new WindowSet(first.Channels, first.Length,
            parts.SelectMany(p => p.Values).ToArray(),
            parts.SelectMany(p => p.StartTimes).ToArray(),
            parts.SelectMany(p => p.Labels).ToArray(),
            parts.SelectMany(p => p.DatasetIds).ToArray()) { SampleRateHz = rate };
    }

    private static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;

    private static List<string>? Strings(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.GetString()!).ToList()
            : null;
}
