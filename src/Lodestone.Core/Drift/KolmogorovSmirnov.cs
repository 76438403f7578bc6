namespace Lodestone.Drift;

/// <summary>
/// The two-sample, two-sided Kolmogorov–Smirnov test as <c>scipy.stats.ks_2samp</c> (scipy 1.10, method 'auto') computes
/// it, which is what Evidently's <c>ks_stat_test</c> calls: the statistic is the largest gap between the two empirical
/// CDFs; the p-value is exact (the share of lattice paths leaving the band, scipy's rule) while both samples have at
/// most <see cref="MaxExactSize"/> values, else from the asymptotic Kolmogorov distribution.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>scipy's <c>MAX_AUTO_N</c>: above it the exact count is too slow and the asymptote is close enough.</summary>
    public const int MaxExactSize = 10_000;

    /// <summary>The statistic D and its p-value; both samples must be sorted ascending and non-empty.</summary>
    public static (double Statistic, double PValue) Test(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        if (sortedA.IsEmpty || sortedB.IsEmpty) throw new ArgumentException("Both samples need at least one value.");
        int m = sortedA.Length, n = sortedB.Length;
        var d = Statistic(sortedA, sortedB);
        return (d, m <= MaxExactSize && n <= MaxExactSize ? ExactPValue(m, n, d) : AsymptoticPValue(m, n, d));
    }

    /// <summary>sup |F_a(x) − F_b(x)| over every value of either sample (ties step both CDFs at once).</summary>
    public static double Statistic(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int i = 0, j = 0, m = sortedA.Length, n = sortedB.Length;
        var d = 0.0;
        while (i < m && j < n)
        {
            var x = Math.Min(sortedA[i], sortedB[j]);
            while (i < m && sortedA[i] == x) i++;
            while (j < n && sortedB[j] == x) j++;
            d = Math.Max(d, Math.Abs((double)i / m - (double)j / n));
        }
        return d;
    }

    /// <summary>
    /// P(D ≥ d) under the null: one minus the share of monotone lattice paths from (0, 0) to (m, n) that stay strictly
    /// inside |i/m − j/n| &lt; d. As in scipy, d is first rounded to the lattice (h / lcm(m, n)). The paths are walked as
    /// probabilities (a uniformly random path takes its next step along i with chance (m − i) / (steps left)), so no
    /// binomial coefficient is ever formed and nothing overflows; O(m·n) time, O(n) memory.
    /// </summary>
    public static double ExactPValue(int m, int n, double d)
    {
        var g = Gcd(m, n);
        long mg = m / g, ng = n / g, lcm = mg * n;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        if (h == 0) return 1.0;
        var p = new double[n + 1];
        for (var i = 0; i <= m; i++)
        {
            for (var j = 0; j <= n; j++)
            {
                var fromI = i > 0 ? p[j] * (m - i + 1) / (m + n - i + 1 - j) : 0.0;
                var fromJ = j > 0 ? p[j - 1] * (n - j + 1) / (m + n - i - j + 1) : 0.0;
                var value = i == 0 && j == 0 ? 1.0 : fromI + fromJ;
                p[j] = Math.Abs(i * ng - j * mg) < h ? value : 0.0;
            }
        }
        return Math.Clamp(1.0 - p[n], 0.0, 1.0);
    }

    /// <summary>The limiting Kolmogorov distribution's survival at √(mn/(m+n))·d (scipy's <c>kstwobign.sf</c>).</summary>
    public static double AsymptoticPValue(int m, int n, double d)
    {
        var z = Math.Sqrt((double)m * n / (m + n)) * d;
        return KolmogorovSurvival(z);
    }

    /// <summary>Q(z) = 2 Σ (−1)^(k−1) e^(−2k²z²); below z = 1 the Jacobi theta form converges faster and keeps precision.</summary>
    public static double KolmogorovSurvival(double z)
    {
        if (z <= 0) return 1.0;
        if (z < 1.0)
        {
            var cdf = 0.0;
            for (var k = 1; k <= 20; k++)
            {
                var t = (2 * k - 1) * Math.PI / z;
                cdf += Math.Exp(-t * t / 8);
            }
            return Math.Clamp(1.0 - Math.Sqrt(2 * Math.PI) / z * cdf, 0.0, 1.0);
        }
        var sum = 0.0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * z * z);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-300) break;
        }
        return Math.Clamp(2 * sum, 0.0, 1.0);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
