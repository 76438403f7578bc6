namespace Lodestone.Drift;

/// <summary>
/// The first Wasserstein (earth mover's) distance between two empirical distributions, ∫ |F_a − F_b| dx, as
/// <c>scipy.stats.wasserstein_distance</c>; Evidently's drift test divides it by the reference's standard deviation.
/// </summary>
public static class WassersteinDistance
{
    /// <summary>The distance between two sorted, non-empty samples.</summary>
    public static double Between(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        if (sortedA.IsEmpty || sortedB.IsEmpty) throw new ArgumentException("Both samples need at least one value.");
        int i = 0, j = 0, m = sortedA.Length, n = sortedB.Length;
        var x = Math.Min(sortedA[0], sortedB[0]);
        var area = 0.0;
        while (i < m || j < n)
        {
            // Step both CDFs past x, then the gap between them holds until the next value of either sample.
            while (i < m && sortedA[i] == x) i++;
            while (j < n && sortedB[j] == x) j++;
            if (i == m && j == n) break;
            var next = Math.Min(i < m ? sortedA[i] : double.PositiveInfinity, j < n ? sortedB[j] : double.PositiveInfinity);
            area += Math.Abs((double)i / m - (double)j / n) * (next - x);
            x = next;
        }
        return area;
    }

    /// <summary>
    /// Evidently's "Wasserstein distance (normed)": the distance over the reference's population standard deviation
    /// (numpy's <c>np.std</c>, ddof 0), floored at 0.001 so a constant reference does not divide by zero.
    /// </summary>
    public static double Normalised(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        Between(sortedReference, sortedCurrent) / Math.Max(StandardDeviation(sortedReference), 0.001);

    internal static double StandardDeviation(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        var sum = 0.0;
        foreach (var v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / values.Length);
    }
}
