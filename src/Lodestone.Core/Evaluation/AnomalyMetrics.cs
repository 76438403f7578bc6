namespace Lodestone.Evaluation;

/// <summary>
/// Anomaly detection at a threshold, counted per point or window, as SKAB scores it: F1 = TP / (TP + (FP + FN) / 2),
/// false-alarm rate FAR = FP / (FP + TN) and missed-alarm rate MAR = FN / (FN + TP), both in percent; PR-AUC over scores.
/// </summary>
public sealed record AnomalyMetrics(int TruePositives, int TrueNegatives, int FalsePositives, int FalseNegatives, double PrAuc = double.NaN)
{
    public double F1 => Ratio(TruePositives, TruePositives + (FalsePositives + FalseNegatives) / 2.0);
    public double FalseAlarmRate => 100 * Ratio(FalsePositives, FalsePositives + TrueNegatives);
    public double MissedAlarmRate => 100 * Ratio(FalseNegatives, FalseNegatives + TruePositives);
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public static AnomalyMetrics Evaluate(IReadOnlyList<bool> truth, IReadOnlyList<bool> predicted, IReadOnlyList<double>? scores = null)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException("Truth and predictions differ in length.");
        int tp = 0, tn = 0, fp = 0, fn = 0;
        for (var i = 0; i < truth.Count; i++)
            switch (truth[i], predicted[i])
            {
                case (true, true): tp++; break;
                case (false, false): tn++; break;
                case (false, true): fp++; break;
                default: fn++; break;
            }
        return new AnomalyMetrics(tp, tn, fp, fn, scores is null ? double.NaN : Curves.PrAuc(scores, truth));
    }

    /// <summary>Counts summed over several evaluations (SKAB sums over files); PR-AUC is not additive and is dropped.</summary>
    public static AnomalyMetrics Sum(IEnumerable<AnomalyMetrics> parts) => parts.Aggregate(new AnomalyMetrics(0, 0, 0, 0),
        (a, b) => new AnomalyMetrics(a.TruePositives + b.TruePositives, a.TrueNegatives + b.TrueNegatives,
            a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives));

    private static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;
}
