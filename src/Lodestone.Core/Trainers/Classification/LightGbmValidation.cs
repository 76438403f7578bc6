namespace Lodestone.Trainers.Classification;

/// <summary>
/// The windows a LightGBM fit holds out to draw its validation curve: in each dataset, the latest share by time of each
/// label's windows (by top label). Per label, because recordings are often made one activity after another: the latest
/// fifth of such a dataset holds a single label, whose curve says little and whose absence starves the fit. Windows
/// that overlap a held-out window in time are fitted on by neither side, so no sample is on both sides of the curve.
/// </summary>
internal sealed record LightGbmValidation(int[] Fitted, int[] HeldOut, int Dropped)
{
    public static LightGbmValidation Split(WindowSet data, double fraction)
    {
        var labelled = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] is { Count: > 0 }).ToArray();
        var heldOut = labelled
            .GroupBy(i => (data.DatasetIds[i], LabelledFeatures.TopLabel(data.Labels[i]!)))
            .SelectMany(group =>
            {
                var byTime = group.OrderBy(i => data.StartTimes[i]).ToArray();
                // At least one window of every label stays in the fit.
                var count = Math.Min(byTime.Length - 1, (int)Math.Round(byTime.Length * fraction));
                return byTime.TakeLast(count);
            })
            .Order().ToArray();
        var held = heldOut.ToHashSet();
        var duration = data.WindowDuration;
        var starts = heldOut.GroupBy(i => data.DatasetIds[i])
            .ToDictionary(g => g.Key, g => g.Select(i => data.StartTimes[i].Ticks).Order().ToArray());
        var candidates = labelled.Where(i => !held.Contains(i)).ToArray();
        var fitted = candidates.Where(i => !Overlaps(starts.GetValueOrDefault(data.DatasetIds[i]), data.StartTimes[i].Ticks, duration.Ticks)).ToArray();
        return new LightGbmValidation(fitted, heldOut, candidates.Length - fitted.Length);
    }

    /// <summary>Windows of one length overlap when their starts are less than a window's duration apart.</summary>
    private static bool Overlaps(long[]? sortedStarts, long start, long duration)
    {
        if (sortedStarts is null || duration <= 0) return false;
        var at = Array.BinarySearch(sortedStarts, start - duration + 1);
        if (at < 0) at = ~at;
        return at < sortedStarts.Length && sortedStarts[at] < start + duration;
    }
}
