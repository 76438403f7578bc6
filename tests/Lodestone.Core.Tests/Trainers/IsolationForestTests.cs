using Lodestone.Trainers.Anomaly;

namespace Lodestone.Trainers;

public class IsolationForestTests
{
    private static float[] Cloud(int rows, int seed)
    {
        var random = new Random(seed);
        var data = new float[rows * 2];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return data;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(256, 10.244770920)]   // 2(ln 255 + γ) − 2·255/256
    [InlineData(10, 3.748880484)]     // 2(ln 9 + γ) − 1.8
    public void AveragePathLength_MatchesKnownValues(double n, double expected) =>
        Assert.Equal(expected, IsolationForest.AveragePathLength(n), 1e-6);

    [Fact]
    public void Score_RanksObviousOutliersHighest()
    {
        var data = Cloud(500, 1).Concat(new float[] { 8, 8, -9, 7 }).ToArray();
        var scores = IsolationForest.Fit(data, 2, seed: 3).Score(data);
        var top = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(2).Order();
        Assert.Equal([500, 501], top);
        Assert.True(scores[500] > 0.6 && scores[..500].Average() < 0.5);
    }

    [Fact]
    public void Fit_GivesTheSameForest_ForTheSameSeed()
    {
        var data = Cloud(300, 2);
        Assert.Equal(IsolationForest.Fit(data, 2, seed: 7).Score(data), IsolationForest.Fit(data, 2, seed: 7).Score(data));
        Assert.NotEqual(IsolationForest.Fit(data, 2, seed: 7).Score(data), IsolationForest.Fit(data, 2, seed: 8).Score(data));
    }

    [Fact]
    public void Score_IsOneHalfEverywhere_WhenValuesDifferByLessThanScikitLearnsFeatureThreshold()
    {
        // scikit-learn does not split a feature whose range in a node is ≤ 1e-7: every tree is one leaf of ψ rows,
        // so every path is c(ψ) and every score 2^−1.
        var data = Enumerable.Range(0, 600).Select(i => 0.001f + (i % 7) * 1e-8f).ToArray();
        var scores = IsolationForest.Fit(data, 2, seed: 1).Score(data);
        Assert.All(scores, s => Assert.Equal(0.5, s, 1e-6));
    }

    [Fact]
    public void FromContamination_MatchesNumpysLinearPercentile()
    {
        // numpy.percentile([1..10], 90) = 9.1
        Assert.Equal(9.1, AnomalyThreshold.FromContamination(Enumerable.Range(1, 10).Select(i => (double)i).ToArray(), 0.1), 1e-12);
    }
}
