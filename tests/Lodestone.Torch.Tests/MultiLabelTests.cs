using Lodestone.Evaluation;
using Lodestone.Torch.Trainers;
using Lodestone.Trainers;
using Lodestone.Training;

namespace Lodestone.Torch;

public class MultiLabelTests
{
    [Fact]
    public async Task FitAsync_LearnsBothOverlappingLabels_AndPredictsLabelSetsAfterReload()
    {
        var train = LabelledWindows.HumAndKnock(120, 32, seed: 1);
        var test = LabelledWindows.HumAndKnock(60, 32, seed: 2);
        var context = new LocalTrainingContext();

        var model = (DeepClassifierModel)await new CnnClassifierTrainer().FitAsync(train, DeepClassifierTests.SmallOptions(epochs: 20), context);

        Assert.Equal(TrainingTask.MultiLabelClassification, model.Task);
        Assert.Equal(["hum", "knock", "quiet"], model.Labels);
        var figures = Score(model, test);
        // Always predicting every label would score a micro F1 of 0.59 here.
        Assert.True(figures.MicroF1 >= 0.9, $"micro F1 {figures.MicroF1:F2}");
        Assert.All(figures.PerClass.Where(c => c.Name != "quiet"), c => Assert.True(c.F1 >= 0.85, $"{c.Name} F1 {c.F1:F2}"));
        foreach (var key in new[] { "loss", "val_loss", "accuracy", "micro_f1", "macro_f1", "val_accuracy", "val_micro_f1", "val_macro_f1", "val_f1_hum", "val_f1_knock" })
            Assert.True(context.Metrics.ContainsKey((key, 20)), $"missing {key}");

        var evaluation = RunEvaluation.Evaluate(model, DeepClassifierTests.SmallOptions(), test, context.Metrics, new Dictionary<string, string>());
        Assert.NotNull(evaluation);
        Assert.True(evaluation.Value.Metrics["test_micro_f1"] >= 0.9, $"test_micro_f1 {evaluation.Value.Metrics["test_micro_f1"]:F2}");
        Assert.Null(evaluation.Value.Report.Classification!.ConfusionMatrix);

        var folder = Directory.CreateTempSubdirectory("lodestone-torch-").FullName;
        try
        {
            model.Save(folder);
            var loaded = DeepModels.Load(folder);

            Assert.Equal(TrainingTask.MultiLabelClassification, loaded.Task);
            var before = model.Predict(test);
            var after = loaded.Predict(test);
            Assert.Equal(before.Select(p => string.Join("+", p.Labels!)), after.Select(p => string.Join("+", p.Labels!)));
            Assert.Contains(after, p => p.Labels!.Count == 2);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FitAsync_StaysMultiLabel_WhenContinuingOnWindowsWithOneLabelEach()
    {
        var folder = Directory.CreateTempSubdirectory("lodestone-torch-").FullName;
        try
        {
            var earlier = await new CnnClassifierTrainer().FitAsync(LabelledWindows.HumAndKnock(40, 32, seed: 3), DeepClassifierTests.SmallOptions(epochs: 2), new LocalTrainingContext());
            earlier.Save(folder);
            var single = SignalWindows.Make(40, 32, seed: 4, "sine", "square");
            var options = DeepClassifierTests.SmallOptions(epochs: 2);
            options.StartFrom = folder;
            options.FreezeLayers = "all-but-head";
            options.UnfreezeEpoch = 2;

            var later = (DeepClassifierModel)await new CnnClassifierTrainer().FitAsync(
                new WindowSet(LabelledWindows.Channels, 32, single.Values, single.StartTimes, single.Labels), options, new LocalTrainingContext());

            Assert.True(later.IsMultiLabel);
            Assert.Equal(["hum", "knock", "quiet", "sine", "square"], later.Labels);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FitAsync_GivesIdenticalScores_WithTheSameSeedAndBalancedWeights()
    {
        var data = LabelledWindows.HumAndKnock(40, 32, seed: 5);
        var options = DeepClassifierTests.SmallOptions(epochs: 3);
        options.ClassWeighting = ClassWeighting.Balanced;

        var first = await new GruClassifierTrainer().FitAsync(data, options, new LocalTrainingContext());
        var second = await new GruClassifierTrainer().FitAsync(data, options, new LocalTrainingContext());

        Assert.Equal(first.Predict(data).Select(p => p.Scores!["knock"]), second.Predict(data).Select(p => p.Scores!["knock"]));
    }

    [Fact]
    public async Task Evaluate_JudgesTheLabelsTheModelPredicts_WhenItsThresholdIsNotOneHalf()
    {
        var train = LabelledWindows.HumAndKnock(40, 32, seed: 3);
        var test = LabelledWindows.HumAndKnock(30, 32, seed: 4);
        var options = DeepClassifierTests.SmallOptions(epochs: 3);
        options.MultiLabelThreshold = 0.8;
        var model = (DeepClassifierModel)await new CnnClassifierTrainer().FitAsync(train, options, new LocalTrainingContext());

        var evaluation = RunEvaluation.Evaluate(model, options, test, new Dictionary<(string, int), double>(), new Dictionary<string, string>())!.Value;

        Assert.Equal(0.8, ((IMultiLabelModel)model).Threshold);
        // Micro F1 straight from the label sets the model predicts: the evaluation must judge those decisions.
        var predicted = model.Predict(test);
        int truePositives = 0, raised = 0, present = 0;
        for (var i = 0; i < test.Count; i++)
        {
            var truth = test.Labels[i]!.Where(l => l.Value > 0 && model.Labels.Contains(l.Key)).Select(l => l.Key).ToHashSet();
            truePositives += predicted[i].Labels!.Count(truth.Contains);
            raised += predicted[i].Labels!.Count;
            present += truth.Count;
        }
        var precision = raised > 0 ? (double)truePositives / raised : 0;
        var recall = (double)truePositives / present;
        var microF1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        Assert.Equal(microF1, evaluation.Metrics["test_micro_f1"], 1e-9);
        var truthSets = Enumerable.Range(0, test.Count).Select(i => model.Labels.Select(l => test.Labels[i]!.ContainsKey(l)).ToArray()).ToList();
        var atOneHalf = ClassificationMetrics.EvaluateMultiLabel(model.Labels, truthSets,
            predicted.Select(p => model.Labels.Select(l => p.Scores![l]).ToArray()).ToList(), 0.5);
        Assert.NotEqual(atOneHalf.MicroF1, microF1, 1e-6); // the threshold matters on these scores
        Assert.StartsWith("0.8", evaluation.Report.Details["Decision threshold"]);
    }

    private static ClassificationMetrics Score(DeepClassifierModel model, WindowSet data)
    {
        var predictions = model.Predict(data);
        var truth = Enumerable.Range(0, data.Count).Select(i => model.Labels.Select(l => data.Labels[i]!.ContainsKey(l)).ToArray()).ToList();
        var probabilities = predictions.Select(p => model.Labels.Select(l => p.Scores![l]).ToArray()).ToList();
        return ClassificationMetrics.EvaluateMultiLabel(model.Labels, truth, probabilities, model.Threshold);
    }
}
