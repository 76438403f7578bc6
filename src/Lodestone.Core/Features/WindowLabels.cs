using Lodestone.Trainers;

namespace Lodestone.Features;

/// <summary>Gives windows the labels of the annotations that cover them.</summary>
public static class WindowLabels
{
    /// <summary>
    /// A copy of <paramref name="windows"/> (sharing its values) in which each window carries every label whose annotations
    /// together cover at least <paramref name="minimumCoverage"/> of the window. Several labels may apply (multi-label).
    /// A label's weight is the confidence of its annotations, averaged by how much of the window each covers.
    /// Windows no annotation covers enough stay unlabelled. The window duration comes from the set's sampling rate.
    /// </summary>
    public static WindowSet Assign(WindowSet windows, IReadOnlyList<AnnotationSpan> annotations, double minimumCoverage = 0.5)
    {
        var duration = windows.WindowDuration;
        if (duration <= TimeSpan.Zero)
            throw new ArgumentException("Labelling windows by time needs the window set's sampling rate.", nameof(windows));
        var sorted = annotations.OrderBy(a => a.Start).ToArray();
        var labels = new IReadOnlyDictionary<string, float>?[windows.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            var start = windows.StartTimes[w];
            var end = start + duration;
            var covered = new Dictionary<string, (double Seconds, double WeightedConfidence)>();
            foreach (var annotation in sorted)
            {
                if (annotation.Start >= end) break;
                var overlap = (Min(end, annotation.End) - Max(start, annotation.Start)).TotalSeconds;
                if (overlap <= 0) continue;
                foreach (var (label, confidence) in annotation.Labels)
                {
                    covered.TryGetValue(label, out var sum);
                    covered[label] = (sum.Seconds + overlap, sum.WeightedConfidence + overlap * confidence);
                }
            }
            var kept = covered.Where(kv => kv.Value.Seconds >= minimumCoverage * duration.TotalSeconds)
                .ToDictionary(kv => kv.Key, kv => (float)(kv.Value.WeightedConfidence / kv.Value.Seconds));
            labels[w] = kept.Count > 0 ? kept : null;
        }
        return new WindowSet(windows.Channels, windows.Length, windows.Values, windows.StartTimes, labels, windows.DatasetIds)
            { SampleRateHz = windows.SampleRateHz };
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
