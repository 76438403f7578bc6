using Lodestone.Evaluation;

namespace Lodestone.Evaluation;

public class MetricsTests
{
    [Fact]
    public void AnomalyMetrics_MatchHandCountedF1FarAndMar()
    {
        bool[] truth = [true, true, true, false, false, false, false, true];
        bool[] flagged = [true, true, false, true, false, false, false, false];
        var m = AnomalyMetrics.Evaluate(truth, flagged);
        Assert.Equal((2, 3, 1, 2), (m.TruePositives, m.TrueNegatives, m.FalsePositives, m.FalseNegatives));
        Assert.Equal(2 / 3.5, m.F1, 1e-12);
        Assert.Equal(25, m.FalseAlarmRate, 1e-12);
        Assert.Equal(50, m.MissedAlarmRate, 1e-12);
    }

    [Fact]
    public void Evaluate_GivesConfusionMatrixAndMacroF1_ForThreeClasses()
    {
        int[] truth = [0, 0, 1, 1, 2, 2];
        double[][] probabilities = [[.8, .1, .1], [.2, .7, .1], [.1, .8, .1], [.1, .6, .3], [.1, .1, .8], [.5, .2, .3]];
        var m = ClassificationMetrics.Evaluate(["a", "b", "c"], truth, probabilities);
        Assert.Equal(4 / 6.0, m.Accuracy, 1e-12);
        Assert.Equal([[1, 1, 0], [0, 2, 0], [1, 0, 1]], m.ConfusionMatrix!);
        // Precision a 1/2, b 2/3, c 1; recall a 1/2, b 1, c 1/2.
        Assert.Equal((0.5 + 2 / 3.0 + 1) / 3, m.MacroPrecision, 1e-12);
        Assert.Equal((0.5 + 0.8 + 2 / 3.0) / 3, m.MacroF1, 1e-12);
        Assert.Equal(4 / 6.0, m.MicroF1, 1e-12); // single-label: micro F1 is accuracy
    }

    [Fact]
    public void RocAuc_CountsCorrectlyOrderedPairs()
    {
        // Positives 0.9 and 0.4, negatives 0.5 and 0.1: three of four pairs ordered → 0.75.
        Assert.Equal(0.75, Curves.RocAuc([0.9, 0.5, 0.4, 0.1], [true, false, true, false]), 1e-12);
        // Average precision: recall 1/2 at precision 1, recall 1 at precision 2/3.
        Assert.Equal(0.5 * 1 + 0.5 * 2 / 3.0, Curves.PrAuc([0.9, 0.5, 0.4, 0.1], [true, false, true, false]), 1e-12);
    }

    [Fact]
    public void Calibration_IsTheWeightedGapBetweenConfidenceAndAccuracy()
    {
        var (ece, bins) = ClassificationMetrics.Calibration([0.95, 0.95, 0.55, 0.55], [true, false, true, true], 10);
        Assert.Equal(0.5 * Math.Abs(0.5 - 0.95) + 0.5 * Math.Abs(1 - 0.55), ece, 1e-12);
        Assert.Equal(2, bins[9].Count);
    }

    [Fact]
    public void Regression_MatchesHandValues()
    {
        var m = RegressionMetrics.Evaluate([1, 2, 3, 4], [1, 2, 3, 6]);
        Assert.Equal(0.5, m.Mae, 1e-12);
        Assert.Equal(1, m.Rmse, 1e-12);
        Assert.Equal(1 - 4 / 5.0, m.R2, 1e-12);
    }
}
