using Lodestone.Trainers;

namespace Lodestone.Training;

public class MultiLabelEvaluationTests
{
    /// <summary>A model that gives each window the scores it was built with, to judge the evaluation alone.</summary>
    private sealed class FixedScores(IReadOnlyList<Dictionary<string, double>> scores) : ITrainedModel
    {
        public string Kind => "fixed";
        public TrainingTask Task => TrainingTask.MultiLabelClassification;
        public IReadOnlyList<Prediction> Predict(WindowSet data) =>
            scores.Select(s => new Prediction(s.Values.Max(), Labels: [.. s.Where(kv => kv.Value >= 0.5).Select(kv => kv.Key)], Scores: s)).ToList();
        public void Save(string folder) { }
    }

    [Fact]
    public void Evaluate_JudgesEachLabel_AndPoolsThemMicroAndMacro()
    {
        // Four windows: "pump" is always right; "valve" is found once of twice and raised once falsely.
        var truth = new[] { ("pump", "valve"), ("pump", ""), ("", "valve"), ("", "") };
        var scores = new List<Dictionary<string, double>>
        {
            new() { ["pump"] = 0.9, ["valve"] = 0.8 },
            new() { ["pump"] = 0.8, ["valve"] = 0.6 },
            new() { ["pump"] = 0.1, ["valve"] = 0.3 },
            new() { ["pump"] = 0.2, ["valve"] = 0.1 },
        };
        var labels = truth.Select(t => (IReadOnlyDictionary<string, float>?)new[] { t.Item1, t.Item2 }
            .Where(l => l.Length > 0).ToDictionary(l => l, _ => 1f)).ToArray();
        labels[3] = new Dictionary<string, float> { ["idle"] = 1 };
        var test = new WindowSet(["x"], 1, new float[4], Enumerable.Range(0, 4).Select(i => DateTime.UnixEpoch.AddSeconds(i)).ToArray(), labels);

        var (report, metrics) = RunEvaluation.Evaluate(new FixedScores(scores), new LightGbmLikeOptions(), test,
            new Dictionary<(string, int), double>(), new Dictionary<string, string>())!.Value;

        var perLabel = report.Classification!.PerClass.ToDictionary(c => c.Name);
        Assert.Equal((1.0, 1.0), (perLabel["pump"].Precision, perLabel["pump"].Recall));
        Assert.Equal((0.5, 0.5), (perLabel["valve"].Precision, perLabel["valve"].Recall));
        Assert.Equal(0.75, metrics["test_macro_f1"], 1e-9);
        Assert.Equal(0.75, metrics["test_micro_f1"], 1e-9); // 3 of 4 raised are right, 3 of 4 true are found
        Assert.Equal(0.5, metrics["test_subset_accuracy"], 1e-9);
        Assert.Contains(report.Plots(), p => p.Name == "roc");
    }

    /// <summary>The same fixed scores from a model that predicts a label only from <paramref name="threshold"/> on.</summary>
    private sealed class FixedScoresAt(IReadOnlyList<Dictionary<string, double>> scores, double threshold) : ITrainedModel, IMultiLabelModel
    {
        public string Kind => "fixed";
        public TrainingTask Task => TrainingTask.MultiLabelClassification;
        public double Threshold => threshold;
        public IReadOnlyList<Prediction> Predict(WindowSet data) =>
            scores.Select(s => new Prediction(s.Values.Max(), Labels: [.. s.Where(kv => kv.Value >= threshold).Select(kv => kv.Key)], Scores: s)).ToList();
        public void Save(string folder) { }
    }

    [Fact]
    public void Evaluate_JudgesEachLabelAtTheModelsOwnThreshold()
    {
        // At 0.7 the model raises "valve" only on the first window (0.8), not on the second (0.6): one found of two, none false.
        var scores = new List<Dictionary<string, double>>
        {
            new() { ["pump"] = 0.9, ["valve"] = 0.8 },
            new() { ["pump"] = 0.8, ["valve"] = 0.6 },
            new() { ["pump"] = 0.1, ["valve"] = 0.65 },
            new() { ["pump"] = 0.2, ["valve"] = 0.1 },
        };
        var labels = new IReadOnlyDictionary<string, float>?[]
        {
            new Dictionary<string, float> { ["pump"] = 1, ["valve"] = 1 },
            new Dictionary<string, float> { ["pump"] = 1, ["valve"] = 1 },
            new Dictionary<string, float> { ["idle"] = 1 },
            new Dictionary<string, float> { ["idle"] = 1 },
        };
        var test = new WindowSet(["x"], 1, new float[4], Enumerable.Range(0, 4).Select(i => DateTime.UnixEpoch.AddSeconds(i)).ToArray(), labels);

        var (report, metrics) = RunEvaluation.Evaluate(new FixedScoresAt(scores, 0.7), new LightGbmLikeOptions(), test,
            new Dictionary<(string, int), double>(), new Dictionary<string, string>())!.Value;

        var valve = report.Classification!.PerClass.Single(c => c.Name == "valve");
        Assert.Equal((1.0, 0.5), (valve.Precision, valve.Recall)); // at 0.5 it would be (2/3, 1)
        Assert.Equal(0.75, metrics["test_subset_accuracy"], 1e-9); // windows 1, 3 and 4 are exactly right
        Assert.StartsWith("0.7", report.Details["Decision threshold"]);
    }

    private sealed class LightGbmLikeOptions : TrainerOptions;
}
