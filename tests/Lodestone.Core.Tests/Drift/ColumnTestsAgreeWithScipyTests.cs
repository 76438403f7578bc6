using Lodestone.Drift;

namespace Lodestone.Core.Tests.Drift;

/// <summary>
/// The drift tests against scipy 1.10.1 and numpy 1.24.2 (Debian 12's python3-scipy, run with /usr/bin/python3):
/// the expected values were computed once by <c>scipy_expected.py</c> beside this file (ks_2samp, kstwobign.sf,
/// wasserstein_distance / np.std, and Evidently's PSI binning) on the same deterministic samples, and pasted here.
/// </summary>
public sealed class ColumnTestsAgreeWithScipyTests
{
    // The same formula as a() in scipy_expected.py: ((k·mul) mod mod) / div + off, exact in IEEE doubles on both sides.
    private static double[] Sample(int n, long mul, long mod, double div, double off) =>
        [.. Enumerable.Range(0, n).Select(k => k * mul % mod / div + off)];

    private sealed record Case(double[] A, double[] B, double D, double P, double WassersteinNormed, double Psi);

    private static readonly Dictionary<string, Case> Expected = new()
    {
        ["ks_40_55"] = new(Sample(40, 7919, 1000, 100.0, 0.0), Sample(55, 104729, 997, 90.0, 1.5), 0.21818181818181817, 0.18712835266176275, 0.4940205109345788, 1.4222817595023804),
        ["ks_60_80_shifted"] = new(Sample(60, 7919, 1000, 100.0, 0.0), Sample(80, 104729, 997, 100.0, 3.0), 0.3, 0.0033202623729832142, 0.9128245915854102, 3.8402585723511042),
        ["ks_300_300"] = new(Sample(300, 7919, 1000, 100.0, 0.0), Sample(300, 104729, 997, 100.0, 0.4), 0.043333333333333335, 0.9414474696413693, 0.08899320539439554, 0.03322888380149473),
        ["ks_800_3000"] = new(Sample(800, 7919, 1000, 100.0, 0.0), Sample(3000, 104729, 997, 100.0, 0.3), 0.032916666666666664, 0.49003306087495574, 0.09632488301262686, 0.025470148606186557),
        ["ks_ties_200_150"] = new(Sample(200, 7919, 13, 1.0, 0.0), Sample(150, 104729, 11, 1.0, 1.0), 0.08, 0.617807660042271, 0.12674151805810666, 1.0569403598648288),
    };

    public static TheoryData<string> Cases => [.. Expected.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void KolmogorovSmirnov_GivesScipysExactStatisticAndPValue(string name)
    {
        var c = Expected[name];
        var (statistic, pValue) = KolmogorovSmirnov.Test(Sorted(c.A), Sorted(c.B));
        Assert.True(Math.Abs(statistic - c.D) < 1e-12, $"{name}: D {statistic} vs scipy {c.D}");
        Assert.True(Math.Abs(pValue - c.P) / c.P < 1e-7, $"{name}: p {pValue} vs scipy {c.P}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NormalisedWasserstein_GivesScipysDistanceOverTheReferenceSpread(string name)
    {
        var c = Expected[name];
        var actual = WassersteinDistance.Normalised(Sorted(c.A), Sorted(c.B));
        Assert.True(Math.Abs(actual - c.WassersteinNormed) < 1e-10, $"{name}: {actual} vs scipy {c.WassersteinNormed}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PopulationStability_GivesEvidentlysIndex(string name)
    {
        var c = Expected[name];
        var actual = PopulationStability.Index(Sorted(c.A), Sorted(c.B));
        Assert.True(Math.Abs(actual - c.Psi) < 1e-9, $"{name}: {actual} vs numpy {c.Psi}");
    }

    [Fact]
    public void KolmogorovSmirnov_UsesTheKolmogorovAsymptote_WhenASampleIsLargerThanScipysExactLimit()
    {
        // big_1000_20000 in scipy_expected.py: scipy's D, and kstwobign.sf(√(mn/(m+n))·D).
        var (d, p) = KolmogorovSmirnov.Test(Sorted(Sample(1000, 7919, 1000, 100.0, 0.0)), Sorted(Sample(20000, 104729, 997, 100.0, 0.2)));
        Assert.True(Math.Abs(d - 0.020950000000000003) < 1e-12, $"D {d}");
        Assert.True(Math.Abs(p - 0.797364666663826) < 1e-9, $"p {p}");
    }

    [Fact]
    public void ColumnDriftTest_ChoosesKsUpToAThousandReferenceValues_AndFlagsAShiftedColumn()
    {
        var drift = ColumnDriftTest.Compare("x", "channel", Sample(60, 7919, 1000, 100.0, 0.0), Sample(80, 104729, 997, 100.0, 3.0));
        Assert.Equal("ks", drift.Test);
        Assert.Equal(0.0033202623729832142, drift.PValue!.Value, 1e-9);
        Assert.True(drift.Drifted);
        Assert.True(drift.PsiDrifted);
    }

    [Fact]
    public void ColumnDriftTest_ChoosesNormalisedWassersteinAboveAThousandReferenceValues()
    {
        // wd_5000_4000 in scipy_expected.py.
        var drift = ColumnDriftTest.Compare("x", "channel", Sample(5000, 7919, 1000, 100.0, 0.0), Sample(4000, 104729, 997, 80.0, 0.5));
        Assert.Equal("wasserstein", drift.Test);
        Assert.Null(drift.PValue);
        Assert.Equal(0.5959643398505438, drift.Statistic, 1e-10);
        Assert.Equal(1.4621835866373245, drift.Psi, 1e-9);
        Assert.True(drift.Drifted);
    }

    [Fact]
    public void ColumnDriftTest_DoesNotFlagTwoSamplesOfTheSameDistribution()
    {
        var drift = ColumnDriftTest.Compare("x", "channel", Sample(5000, 7919, 1000, 100.0, 0.0), Sample(4000, 104729, 1000, 100.0, 0.0));
        Assert.False(drift.Drifted, $"normed Wasserstein {drift.Statistic}");
        Assert.False(drift.PsiDrifted, $"PSI {drift.Psi}");
    }

    private static double[] Sorted(double[] values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }
}
