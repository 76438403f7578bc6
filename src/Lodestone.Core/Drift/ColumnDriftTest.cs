namespace Lodestone.Drift;

/// <summary>
/// Evidently's default drift test for a numerical column (evidently <c>calculations/stattests/registry.py</c>,
/// <c>_get_default_stattest</c>): with a reference of at most <see cref="KsMaxReference"/> values, the two-sample
/// Kolmogorov–Smirnov test, drifted when p &lt; 0.05 (<c>ks_stattest.py</c>); above that, the Wasserstein distance
/// normed by the reference's standard deviation, drifted when ≥ 0.1 (<c>wasserstein_distance_norm.py</c>: Evidently
/// compares with ≥). The population stability index is reported beside it for every column.
/// Evidently gives columns of at most 5 distinct values (over both samples) chi-square, z or Jensen–Shannon tests
/// instead; sensor channels and window features are continuous, so those are not implemented here.
/// </summary>
public static class ColumnDriftTest
{
    public const int KsMaxReference = 1000;
    public const double KsThreshold = 0.05;
    public const double WassersteinThreshold = 0.1;
    public const int ChartBins = 30;

    /// <summary>Compares one column; the arrays are sorted in place. Both need at least one value.</summary>
    public static ColumnDrift Compare(string column, string kind, double[] reference, double[] current)
    {
        if (reference.Length == 0) throw new ArgumentException($"Column '{column}' has no reference values.");
        if (current.Length == 0) throw new ArgumentException($"Column '{column}' has no current values.");
        Array.Sort(reference);
        Array.Sort(current);
        string test;
        double statistic, threshold;
        double? pValue = null;
        bool drifted;
        if (reference.Length <= KsMaxReference)
        {
            var (d, p) = KolmogorovSmirnov.Test(reference, current);
            (test, statistic, pValue, threshold, drifted) = ("ks", d, p, KsThreshold, p < KsThreshold);
        }
        else
        {
            statistic = WassersteinDistance.Normalised(reference, current);
            (test, threshold, drifted) = ("wasserstein", WassersteinThreshold, statistic >= WassersteinThreshold);
        }
        var psi = PopulationStability.Index(reference, current);
        return new ColumnDrift(column, kind, test, statistic, pValue, threshold, drifted, psi, psi >= PopulationStability.Threshold,
            reference.Length, current.Length, reference.Average(), current.Average(), Chart(reference, current));
    }

    /// <summary>Equal-width bins over both samples, for drawing the two distributions over each other.</summary>
    private static DriftHistogram Chart(double[] reference, double[] current)
    {
        var lo = Math.Min(reference[0], current[0]);
        var hi = Math.Max(reference[^1], current[^1]);
        if (hi <= lo) (lo, hi) = (lo - 0.5, hi + 0.5);
        var edges = Enumerable.Range(0, ChartBins + 1).Select(k => k == ChartBins ? hi : lo + k * (hi - lo) / ChartBins).ToArray();
        return new DriftHistogram(edges, PopulationStability.Shares(reference, edges), PopulationStability.Shares(current, edges));
    }
}
