using Lodestone.Trainers.Classification;

namespace Lodestone.Trainers;

public sealed class LightGbmLearningCurveTests
{
    private static double[] Series(LocalTrainingContext context, string key) =>
        [.. context.Metrics.Where(m => m.Key.Key == key).OrderBy(m => m.Key.Step).Select(m => m.Value)];

    private static int[] Steps(LocalTrainingContext context, string key) =>
        [.. context.Metrics.Keys.Where(k => k.Key == key).Select(k => k.Step).Order()];

    [Fact]
    public void Fit_ReportsTrainingAndValidationLossEveryRound_WhenSingleLabel()
    {
        var data = TrainerData.TwoClasses(30);
        var context = new LocalTrainingContext();
        var model = new LightGbmTrainer().Fit(data, new LightGbmOptions { Iterations = 25 }, context);

        var rounds = Enumerable.Range(1, 25).ToArray();
        foreach (var key in new[] { "loss", "accuracy", "val_loss", "val_accuracy" })
            Assert.Equal(rounds, Steps(context, key));
        var loss = Series(context, "loss");
        Assert.True(loss.Zip(loss.Skip(1)).All(p => p.Second <= p.First + 1e-12), "The training loss rises on separable data: " + string.Join(", ", loss));
        Assert.True(loss[^1] < loss[0] / 2);
        Assert.True(Series(context, "val_loss")[^1] < Series(context, "val_loss")[0]);
        Assert.Equal(1.0, Series(context, "val_accuracy")[^1]);
        // The validation curve ends at the model's own log loss on the held-out windows.
        var heldOut = data.Select(LightGbmValidation.Split(data, 0.2).HeldOut);
        var probabilities = model.Probabilities(heldOut);
        var truth = heldOut.Labels.Select(l => model.Classes.ToList().IndexOf(l!.Keys.Single())).ToArray();
        Assert.Equal(-truth.Select((t, i) => Math.Log(probabilities[i][t])).Average(), Series(context, "val_loss")[^1], 1e-5);
        Assert.True(Series(context, "val_loss")[^1] > loss[^1], "held-out windows fit worse than fitted ones");
        Assert.Equal((25, 25), context.Progress);
        Assert.Contains(context.Logs, l => l.Message.Contains("draw the validation curve"));
    }

    [Fact]
    public void Fit_CurveEndsAtTheModelsOwnLossAndAccuracy_WhenEveryWindowIsFitted()
    {
        var data = TrainerData.TwoClasses(20);
        var context = new LocalTrainingContext();
        var model = new LightGbmTrainer().Fit(data, new LightGbmOptions { Iterations = 15, ValidationFraction = 0 }, context);

        // Balanced classes of confidence 1 weigh every window alike, so the loss is the plain mean log loss.
        var truth = data.Labels.Select(l => model.Classes.ToList().IndexOf(l!.Keys.Single())).ToArray();
        var probabilities = model.Probabilities(data);
        var logLoss = -truth.Select((t, i) => Math.Log(probabilities[i][t])).Average();
        Assert.Equal(logLoss, Series(context, "loss")[^1], 1e-5);
        Assert.Equal(1.0, Series(context, "accuracy")[^1]);
        Assert.DoesNotContain(context.Metrics.Keys, k => k.Key.StartsWith("val_", StringComparison.Ordinal));
        Assert.DoesNotContain(context.Logs, l => l.Level == TrainingLogLevel.Warning);
    }

    [Fact]
    public void Fit_ReportsTheMeanLossOfItsBinaryModels_WhenMultiLabel()
    {
        var context = new LocalTrainingContext();
        var model = new LightGbmTrainer().Fit(TrainerData.TwoClasses(40, multiLabel: true), new LightGbmOptions { Iterations = 20 }, context);

        Assert.Equal(TrainingTask.MultiLabelClassification, model.Task);
        foreach (var key in new[] { "loss", "accuracy", "val_loss", "val_accuracy" })
            Assert.Equal(Enumerable.Range(1, 20), Steps(context, key));
        var loss = Series(context, "loss");
        Assert.True(loss[^1] < loss[0] / 2, "The training loss does not fall: " + string.Join(", ", loss));
        Assert.True(Series(context, "val_loss")[^1] < Series(context, "val_loss")[0]);
        Assert.DoesNotContain(context.Logs, l => l.Level == TrainingLogLevel.Warning);
    }

    [Fact]
    public void Fit_ReplaysTheSoftmaxModel_WhenThereAreFiftyThousandWindows()
    {
        // From 50,000 windows ML.NET trains LightGBM's softmax objective instead of one-versus-all; the curve follows it.
        var context = new LocalTrainingContext();
        new LightGbmTrainer().Fit(TrainerData.TwoClasses(25_000), new LightGbmOptions { Iterations = 3, ValidationFraction = 0 }, context);

        Assert.DoesNotContain(context.Logs, l => l.Level == TrainingLogLevel.Warning);
        var loss = Series(context, "loss");
        Assert.Equal(3, loss.Length);
        Assert.True(loss[2] < loss[0]);
    }

    [Fact]
    public void Fit_FitsEveryWindowWithoutValidationCurve_WhenTooFewWindowsWouldRemain()
    {
        var context = new LocalTrainingContext();
        new LightGbmTrainer().Fit(TrainerData.TwoClasses(6), new LightGbmOptions { Iterations = 5, ValidationFraction = 0.5 }, context);

        Assert.Contains(context.Logs, l => l.Message.StartsWith("No validation curve, fitting on all 12 windows", StringComparison.Ordinal));
        Assert.DoesNotContain(context.Metrics.Keys, k => k.Key == "val_loss");
        Assert.NotEmpty(Steps(context, "loss"));
    }

    [Fact]
    public void Validation_HoldsOutTheLatestWindowsOfEveryLabel_AndFitsNoWindowOverlappingThem()
    {
        // Overlapping one-second windows every half second, recorded one activity after the other.
        var windows = TrainerData.TwoClasses(20);
        var starts = Enumerable.Range(0, windows.Count).Select(i => DateTime.UnixEpoch.AddSeconds(i * 0.5)).ToArray();
        var data = new WindowSet(windows.Channels, windows.Length, windows.Values, starts,
            [.. Enumerable.Range(0, windows.Count).Select(i => new Dictionary<string, float> { [i < 20 ? "calm" : "shake"] = 1 })]) { SampleRateHz = 32 };

        var split = LightGbmValidation.Split(data, 0.2);

        Assert.Equal([16, 17, 18, 19, 36, 37, 38, 39], split.HeldOut);
        Assert.Equal(3, split.Dropped); // 15 before the calm ones, 20 and 21 after them
        Assert.DoesNotContain(split.Fitted, i => split.HeldOut.Any(h => Math.Abs((starts[i] - starts[h]).TotalSeconds) < 1));
        Assert.Equal(40 - 8 - 3, split.Fitted.Length);
    }

    [Theory]
    [InlineData(20, 20, 1)]
    [InlineData(200, 200, 1)]
    [InlineData(450, 150, 3)]
    [InlineData(1001, 167, 6)]
    public void Steps_AreEveryKthRoundAndTheLast_WhenFitsAreLong(int rounds, int points, int every)
    {
        var steps = LightGbmLearningCurve.Steps(rounds);
        Assert.Equal(points, steps.Count);
        Assert.Equal(every, steps[0]);
        Assert.Equal(rounds, steps[^1]);
    }
}
