using Lodestone.Features;

namespace Lodestone.Trainers.Classification;

/// <summary>The labelled windows of a set as feature rows, with their label sets, in the order of the set.</summary>
internal sealed record LabelledFeatures(FeatureMatrix Rows, IReadOnlyDictionary<string, float>[] Labels)
{
    public static LabelledFeatures From(WindowSet data, IReadOnlyList<string> channels, int bands)
    {
        var labelled = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] is { Count: > 0 }).ToArray();
        var subset = ChannelSelection.Apply(data.Select(labelled), channels);
        return new LabelledFeatures(new FeatureExtractor(bands).Extract(subset), labelled.Select(i => data.Labels[i]!).ToArray());
    }

    /// <summary>Multi-label when any window carries more than one label (the annotations overlap).</summary>
    public static bool IsMultiLabel(WindowSet data) => data.Labels.Any(l => l is { Count: > 1 });

    /// <summary>The single label of a window: the one with the highest confidence.</summary>
    public static string TopLabel(IReadOnlyDictionary<string, float> labels) => labels.MaxBy(kv => kv.Value).Key;
}
