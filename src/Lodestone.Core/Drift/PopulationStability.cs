namespace Lodestone.Drift;

/// <summary>
/// The population stability index as Evidently computes it (evidently <c>calculations/stattests/psi.py</c> with
/// <c>get_binned_data</c> in <c>stattests/utils.py</c>): Σ (ref% − cur%) · ln(ref% / cur%) over bins, drifted at
/// ≥ <see cref="Threshold"/>. Bins: for a column whose reference has more than 20 distinct values, numpy's "sturges"
/// bins over both samples together (⌈log2(n) + 1⌉ equal-width bins from the smallest to the largest value, the last
/// bin closed); otherwise one bin per distinct value. An empty bin's share becomes 0.0001 (or the smallest non-empty
/// share / 10⁶ when that is at most 0.0001), separately for each sample, so the logarithm stays finite.
/// </summary>
public static class PopulationStability
{
    public const double Threshold = 0.1;

    /// <summary>The index of two sorted, non-empty samples.</summary>
    public static double Index(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var (reference, current) = DistinctCount(sortedReference) > 20
            ? Histogram(sortedReference, sortedCurrent)
            : ValueShares(sortedReference, sortedCurrent);
        FillZeroes(reference);
        FillZeroes(current);
        var psi = 0.0;
        for (var k = 0; k < reference.Length; k++) psi += (reference[k] - current[k]) * Math.Log(reference[k] / current[k]);
        return psi;
    }

    /// <summary>numpy's <c>histogram_bin_edges(both, bins="sturges")</c>, computed with the same floating-point steps.</summary>
    public static double[] SturgesEdges(double min, double max, int count)
    {
        int bins;
        if (max > min)
        {
            var width = (max - min) / (Math.Log2(count) + 1.0);
            bins = (int)Math.Ceiling((max - min) / width);
        }
        else
        {
            (min, max, bins) = (min - 0.5, max + 0.5, 1);
        }
        // np.linspace: start + k · step, with the last edge exactly the stop.
        var step = (max - min) / bins;
        var edges = new double[bins + 1];
        for (var k = 0; k < bins; k++) edges[k] = min + k * step;
        edges[bins] = max;
        return edges;
    }

    private static (double[] Reference, double[] Current) Histogram(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var edges = SturgesEdges(Math.Min(reference[0], current[0]), Math.Max(reference[^1], current[^1]), reference.Length + current.Length);
        return (Shares(reference, edges), Shares(current, edges));
    }

    /// <summary>Shares of a sorted sample per bin [e_k, e_k+1), the last bin closed, as np.histogram with explicit edges.</summary>
    internal static double[] Shares(ReadOnlySpan<double> sorted, double[] edges)
    {
        var bins = edges.Length - 1;
        var shares = new double[bins];
        for (var k = 0; k < bins; k++)
        {
            var lo = LowerBound(sorted, edges[k]);
            var hi = k == bins - 1 ? UpperBound(sorted, edges[k + 1]) : LowerBound(sorted, edges[k + 1]);
            shares[k] = (double)(hi - lo) / sorted.Length;
        }
        return shares;
    }

    private static (double[] Reference, double[] Current) ValueShares(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var keys = new SortedSet<double>();
        foreach (var v in reference) keys.Add(v);
        foreach (var v in current) keys.Add(v);
        var r = new double[keys.Count];
        var c = new double[keys.Count];
        var k = 0;
        foreach (var key in keys)
        {
            r[k] = (double)(UpperBound(reference, key) - LowerBound(reference, key)) / reference.Length;
            c[k] = (double)(UpperBound(current, key) - LowerBound(current, key)) / current.Length;
            k++;
        }
        return (r, c);
    }

    private static void FillZeroes(double[] shares)
    {
        var smallest = shares.Where(s => s > 0).DefaultIfEmpty(1).Min();
        var fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
        for (var k = 0; k < shares.Length; k++)
            if (shares[k] == 0) shares[k] = fill;
    }

    internal static int DistinctCount(ReadOnlySpan<double> sorted)
    {
        var count = sorted.IsEmpty ? 0 : 1;
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] != sorted[i - 1]) count++;
        return count;
    }

    internal static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    internal static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
