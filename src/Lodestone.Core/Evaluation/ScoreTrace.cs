namespace Lodestone.Evaluation;

/// <summary>
/// Anomaly scores in time order with the threshold and the truth, for the "score over time" plot. Long traces are
/// reduced to buckets that keep each bucket's highest score (what crosses the threshold stays visible) and mark the
/// bucket anomalous when any of its points is.
/// </summary>
public sealed record ScoreTrace(double[] Position, double[] Score, bool[] Anomalous, double Threshold)
{
    public const int MaxPoints = 2000;

    public static ScoreTrace Of(IReadOnlyList<double> scores, IReadOnlyList<bool> truth, double threshold, IReadOnlyList<double>? positions = null)
    {
        var n = scores.Count;
        var size = Math.Max(1, (int)Math.Ceiling((double)n / MaxPoints));
        var buckets = (n + size - 1) / size;
        var position = new double[buckets];
        var score = new double[buckets];
        var anomalous = new bool[buckets];
        for (var b = 0; b < buckets; b++)
        {
            var start = b * size;
            var end = Math.Min(n, start + size);
            var best = start;
            for (var i = start; i < end; i++)
            {
                if (scores[i] > scores[best] || double.IsNaN(scores[best])) best = i;
                anomalous[b] |= truth[i];
            }
            position[b] = positions?[best] ?? best;
            score[b] = scores[best];
        }
        return new ScoreTrace(position, score, anomalous, threshold);
    }
}
