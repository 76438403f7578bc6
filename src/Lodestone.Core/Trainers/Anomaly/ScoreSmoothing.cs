namespace Lodestone.Trainers.Anomaly;

/// <summary>
/// Trailing mean of anomaly scores over consecutive windows: each window's score becomes the mean of its own and the
/// previous ones', up to <c>size</c>. The mean restarts where the windows stop following each other (another dataset,
/// or a start time that goes back), so one recording's scores never leak into another's.
/// </summary>
public static class ScoreSmoothing
{
    public static double[] TrailingMean(IReadOnlyList<double> scores, WindowSet data, int size)
    {
        if (scores.Count != data.Count) throw new ArgumentException("One score per window is needed.", nameof(scores));
        var result = scores.ToArray();
        if (size <= 1) return result;
        double sum = 0;
        var runStart = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            if (i > 0 && (data.DatasetIds[i] != data.DatasetIds[i - 1] || data.StartTimes[i] < data.StartTimes[i - 1]))
            {
                runStart = i;
                sum = 0;
            }
            sum += scores[i];
            if (i - runStart >= size) sum -= scores[i - size];
            result[i] = sum / Math.Min(i - runStart + 1, size);
        }
        return result;
    }
}
