using Lodestone.Evaluation;
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

    /// <summary>One-sample windows of channels "level" and "noise": level around <paramref name="level"/>, noise around 0.</summary>
    private static WindowSet Levels(int count, double level)
    {
        var random = new Random(5);
        var values = new float[count * 2];
        for (var w = 0; w < count; w++)
        {
            values[w * 2] = (float)(level + random.NextDouble() - 0.5);
            values[w * 2 + 1] = (float)(random.NextDouble() - 0.5);
        }
        var starts = Enumerable.Range(0, count).Select(i => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i)).ToArray();
        return new WindowSet(["level", "noise"], 1, values, starts) { SampleRateHz = 1 };
    }

    [Fact]
    public void Details_NameTheChannelsWhoseTestWindowsLieBeyondEveryTrainingWindow()
    {
        var run = TrainingRun.CreateInternal(Guid.NewGuid(), "skab", "lightgbm", "{}", [Guid.NewGuid()], Guid.NewGuid(), DateTime.UtcNow);

        var shifted = RunEvaluation.Details(run, new TimeSplit(Levels(100, 0), Levels(0, 0), Levels(25, 5), 0));
        var same = RunEvaluation.Details(run, new TimeSplit(Levels(100, 0), Levels(0, 0), Levels(25, 0), 0));

        Assert.Equal("level: 100% of test windows above every training window", shifted[RunEvaluation.DataShiftDetail].Replace(" %", "%"));
        Assert.False(same.ContainsKey(RunEvaluation.DataShiftDetail));
    }

    [Fact]
    public void Details_CompareEachClassWithItself_SoADriftThatCoincidedWithAFaultIsNamed()
    {
        var run = TrainingRun.CreateInternal(Guid.NewGuid(), "skab", "lightgbm", "{}", [Guid.NewGuid()], Guid.NewGuid(), DateTime.UtcNow);
        // Training: normal at level 0, the fault at level -3 (the temperature fell during it); test: normal at -3.
        var train = Concat(Labelled(Levels(60, 0), SampleStoreWindowSource.NormalLabel), Labelled(Levels(40, -3), SampleStoreWindowSource.AnomalyLabel));
        var test = Concat(Labelled(Levels(5, -3), SampleStoreWindowSource.AnomalyLabel), Labelled(Levels(20, -3), SampleStoreWindowSource.NormalLabel));

        var details = RunEvaluation.Details(run, new TimeSplit(train, Levels(0, 0), test, 0));

        Assert.Equal("level: 100% of the Normal test windows below every Normal training window", details[RunEvaluation.DataShiftDetail].Replace(" %", "%"));
    }

    private static WindowSet Labelled(WindowSet windows, string label) => new(windows.Channels, windows.Length, windows.Values, windows.StartTimes,
        Enumerable.Range(0, windows.Count).Select(_ => (IReadOnlyDictionary<string, float>?)new Dictionary<string, float> { [label] = 1 }).ToArray())
        { SampleRateHz = windows.SampleRateHz };

    private static WindowSet Concat(WindowSet first, WindowSet second) => new(first.Channels, first.Length, [.. first.Values, .. second.Values],
        [.. first.StartTimes, .. second.StartTimes.Select(t => t.AddSeconds(first.Count))], [.. first.Labels, .. second.Labels])
        { SampleRateHz = first.SampleRateHz };

    [Fact]
    public void Decisions_SayWhyAccuracyIsLow_WhenTheScoresRankWellButAllFallOnOneSide()
    {
        string[] classes = ["Anomaly", "Normal"];
        // Six anomalous windows and fifteen normal ones, all scored Anomaly, the anomalous ones highest: the SKAB case.
        var truth = Enumerable.Range(0, 21).Select(i => i < 6 ? 0 : 1).ToList();
        var oneSided = truth.Select((t, i) => t == 0 ? new[] { 0.99, 0.01 } : [0.9 - i * 0.01, 0.1 + i * 0.01]).ToList();
        var right = truth.Select(t => t == 0 ? new[] { 0.8, 0.2 } : [0.2, 0.8]).ToList();

        var metrics = EvaluationReport.ForClassification("t", classes, truth, oneSided).Classification!;
        var diagnosis = RunEvaluationDiagnosis.Decisions(metrics, classes, "level: 100 % of test windows above every training window");

        Assert.NotNull(diagnosis);
        Assert.Contains("ROC-AUC 1.00", diagnosis);
        Assert.Contains("balanced accuracy 0.50", diagnosis);
        Assert.Contains("Anomaly 21 of 21", diagnosis);
        Assert.Contains("level: 100 %", diagnosis);
        Assert.Null(RunEvaluationDiagnosis.Decisions(EvaluationReport.ForClassification("t", classes, truth, right).Classification!, classes, null));
    }

    /// <summary>A detector with a fixed threshold whose score is the window's first value.</summary>
    private sealed class FixedThreshold(double threshold) : IThresholdDetector
    {
        public string Kind => "fixed";
        public TrainingTask Task => TrainingTask.AnomalyDetection;
        public double Threshold => threshold;
        public IReadOnlyList<Prediction> Predict(WindowSet data) =>
            [.. Enumerable.Range(0, data.Count).Select(w => new Prediction(data.Window(w)[0], data.Window(w)[0] > threshold))];
        public void Save(string folder) { }
    }

    [Fact]
    public void Evaluate_DrawsTheDetectorsOwnThreshold_EvenWhenItFlagsNoTestWindow()
    {
        var split = RunEvaluation.Split(Recording(200))!;
        var model = new FixedThreshold(100);

        var (report, _) = RunEvaluation.Evaluate(model, new IsolationForestOptions(), split.Test, new Dictionary<(string, int), double>(),
            new Dictionary<string, string>())!.Value;

        // Guessed from the decisions, the threshold was the highest test score (about 6.5 here): a line the scores touch.
        Assert.Equal(100, report.Scores!.Threshold);
        Assert.Equal(0, report.Anomaly!.TruePositives + report.Anomaly.FalsePositives);
    }
}
