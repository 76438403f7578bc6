namespace Lodestone.Trainers.Anomaly;

/// <summary>Decision thresholds on anomaly scores (higher is more anomalous; a score above the threshold is an anomaly).</summary>
public static class AnomalyThreshold
{
    /// <summary>
    /// The (1 − contamination) quantile of the scores with numpy's linear interpolation: the mirror of scikit-learn's
    /// offset_ = percentile(score_samples, 100 × contamination), so that "score above threshold" matches its predict.
    /// </summary>
    public static double FromContamination(IReadOnlyList<double> scores, double contamination)
    {
        if (contamination is <= 0 or > 0.5) throw new ArgumentOutOfRangeException(nameof(contamination), "Contamination must be in (0, 0.5].");
        var sorted = scores.Order().ToArray();
        var position = (1 - contamination) * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    /// <summary>The threshold (midway between consecutive distinct scores) that gives the best F1 on labelled scores.</summary>
    public static double BestF1(IReadOnlyList<double> scores, IReadOnlyList<bool> anomalous)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var positives = anomalous.Count(a => a);
        var truePositives = 0;
        var best = (F1: -1.0, Threshold: order.Length > 0 ? scores[order[0]] : 0);
        for (var k = 0; k < order.Length; k++)
        {
            if (anomalous[order[k]]) truePositives++;
            // Only cut between distinct scores: equal scores must fall on the same side.
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue;
            var flagged = k + 1;
            var f1 = positives == 0 ? 0 : 2.0 * truePositives / (flagged + positives);
            if (f1 > best.F1)
                best = (f1, k + 1 < order.Length ? (scores[order[k]] + scores[order[k + 1]]) / 2 : scores[order[k]] - 1e-12);
        }
        return best.Threshold;
    }
}
