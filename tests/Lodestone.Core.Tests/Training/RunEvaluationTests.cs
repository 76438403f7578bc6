using Lodestone.Features;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Training;

public class RunEvaluationTests
{
    /// <summary>
    /// One-sample windows of two channels, one per second: noise around 0, and every
    /// tenth window a fault at +6, labelled as the label channel would label it.
    /// </summary>
    private static WindowSet Recording(int count)
    {
        var random = new Random(3);
        var values = new float[count * 2];
        var labels = new IReadOnlyDictionary<string, float>?[count];
        for (var w = 0; w < count; w++)
        {
            var fault = w % 10 == 0;
            for (var c = 0; c < 2; c++) values[w * 2 + c] = (float)(random.NextDouble() - 0.5 + (fault ? 6 : 0));
            labels[w] = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase)
                { [fault ? SampleStoreWindowSource.AnomalyLabel : SampleStoreWindowSource.NormalLabel] = 1 };
        }
        var starts = Enumerable.Range(0, count).Select(i => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i)).ToArray();
        return new WindowSet(["a", "b"], 1, values, starts, labels) { SampleRateHz = 1 };
    }

    /// <summary>Windows labelled Anomaly for the first <paramref name="anomalous"/> of <paramref name="count"/>, Normal after.</summary>
    private static WindowSet Labelled(int count, int anomalous)
    {
        var labels = Enumerable.Range(0, count).Select(w => (IReadOnlyDictionary<string, float>?)new Dictionary<string, float>
            { [w < anomalous ? SampleStoreWindowSource.AnomalyLabel : SampleStoreWindowSource.NormalLabel] = 1 }).ToArray();
        var starts = Enumerable.Range(0, count).Select(i => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i)).ToArray();
        return new WindowSet(["a"], 1, new float[count], starts, labels) { SampleRateHz = 1 };
    }

    [Fact]
    public void Details_GiveTheClassBalanceOfBothParts_AndWarn_WhenTheTestPartsDiffersGreatly()
    {
        var run = TrainingRun.CreateInternal(Guid.NewGuid(), "skab", "lightgbm", "{}", [Guid.NewGuid()], Guid.NewGuid(), DateTime.UtcNow);
        var shifted = new TimeSplit(Labelled(100, 65), Labelled(0, 0), Labelled(26, 8), 0);
        var even = new TimeSplit(Labelled(100, 30), Labelled(0, 0), Labelled(26, 8), 0);

        var warned = RunEvaluation.Details(run, shifted);
        var quiet = RunEvaluation.Details(run, even);

        Assert.Equal("training: Anomaly 65%, Normal 35%; test: Anomaly 31%, Normal 69%", warned["Class balance"].Replace(" %", "%"));
        Assert.Contains("balanced accuracy", warned["Warning"]);
        Assert.True(quiet.ContainsKey("Class balance"));
        Assert.False(quiet.ContainsKey("Warning"));
    }

    [Fact]
    public void Split_HoldsOutTheLatestFifth_WithNoTestWindowBeforeATrainingWindow()
    {
        var split = RunEvaluation.Split(Recording(500))!;

        Assert.InRange(split.Test.Count, 95, 105);
        Assert.Equal(500, split.Train.Count + split.Test.Count + split.Dropped);
        Assert.True(split.Test.StartTimes.Min() > split.Train.StartTimes.Max());
    }

    [Fact]
    public void Evaluate_ScoresAnIsolationForest_OnTheHeldOutFaults()
    {
        var split = RunEvaluation.Split(Recording(1000))!;
        var options = new IsolationForestOptions { Seed = 0, Contamination = 0.1 };
        var model = new IsolationForestTrainer().Fit(split.Train, options, new LocalTrainingContext());

        var (report, metrics) = RunEvaluation.Evaluate(model, options, split.Test, new Dictionary<(string, int), double>(),
            new Dictionary<string, string>())!.Value;

        // Faults six units from the noise are easy: found, with few false alarms.
        Assert.Equal("anomaly-detection", report.Kind);
        Assert.True(metrics["test_f1"] > 0.8, $"test_f1 {metrics["test_f1"]}");
        Assert.True(metrics["test_far"] < 10, $"test_far {metrics["test_far"]}");
        Assert.Equal(report.Anomaly!.TruePositives + report.Anomaly.FalseNegatives, split.Test.Labels.Count(l => l!.ContainsKey("anomaly")));
    }

    [Fact]
    public void Split_IsNull_WhenTooFewWindowsForATestPart()
    {
        Assert.Null(RunEvaluation.Split(Recording(1)));
    }
}
