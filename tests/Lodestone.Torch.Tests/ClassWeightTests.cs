using Lodestone.Torch.Trainers;
using Lodestone.Trainers;

namespace Lodestone.Torch;

public class ClassWeightTests
{
    [Fact]
    public async Task BalancedWeights_RaiseTheRareClassRecall_ComparedWithNone()
    {
        var train = LabelledWindows.Imbalanced(300, 32, seed: 1, every: 10);
        var test = LabelledWindows.Imbalanced(300, 32, seed: 2, every: 10);

        var plain = await Fit(train, ClassWeighting.None);
        var balanced = await Fit(train, ClassWeighting.Balanced);

        var plainRecall = LabelledWindows.Recall(plain.Predict(test), test, "worn");
        var balancedRecall = LabelledWindows.Recall(balanced.Predict(test), test, "worn");
        Assert.True(balancedRecall > plainRecall + 0.1, $"rare-class recall: none {plainRecall:F2}, balanced {balancedRecall:F2}");
    }

    [Fact]
    public async Task ExplicitWeights_WeighTheNamedClass()
    {
        var train = LabelledWindows.Imbalanced(300, 32, seed: 1, every: 10);
        var test = LabelledWindows.Imbalanced(300, 32, seed: 2, every: 10);

        var plain = await Fit(train, ClassWeighting.None);
        var weighted = await Fit(train, ClassWeighting.Explicit, new() { ["worn"] = 9 });

        Assert.True(LabelledWindows.Recall(weighted.Predict(test), test, "worn") > LabelledWindows.Recall(plain.Predict(test), test, "worn"));
    }

    [Fact]
    public async Task FitAsync_CountsUnsureLabelsLess_ThanSureOnes()
    {
        // Every sine appears twice: once surely labelled sine, once labelled square with a confidence of 0.05.
        var sure = SignalWindows.Make(80, 32, seed: 1, "sine", "square");
        var labels = sure.Labels.Concat(sure.Labels.Select(l => l!.ContainsKey("sine")
            ? new Dictionary<string, float> { ["square"] = 0.05f } : l)).ToArray();
        var data = new WindowSet(sure.Channels, sure.Length, [.. sure.Values, .. sure.Values],
            Enumerable.Range(0, 160).Select(i => new DateTime(2026, 1, 1).AddMinutes(i)).ToArray(), labels);
        var test = SignalWindows.Make(40, 32, seed: 2, "sine");

        var model = await new CnnClassifierTrainer().FitAsync(data, DeepClassifierTests.SmallOptions(epochs: 10), new LocalTrainingContext());

        var sine = model.Predict(test).Average(p => p.Scores!["sine"]);
        Assert.True(sine > 0.8, $"mean probability of sine on sines {sine:F2}");
    }

    [Fact]
    public void Check_NamesTheUnknownLabel_WhenAnExplicitWeightIsForAClassTheDataLack()
    {
        var options = DeepClassifierTests.SmallOptions();
        options.ClassWeighting = ClassWeighting.Explicit;
        options.ClassWeights = new() { ["worn"] = 2, ["cracked"] = 5 };

        var problems = new CnnClassifierTrainer().Check(LabelledWindows.Imbalanced(40, 32, seed: 1, every: 4), options);

        var problem = Assert.Single(problems);
        Assert.Contains("cracked", problem);
        Assert.Contains("normal, worn", problem);
    }

    [Fact]
    public void Check_ListsEveryBadWeightingSetting()
    {
        var data = LabelledWindows.Imbalanced(40, 32, seed: 1, every: 4);
        var stray = DeepClassifierTests.SmallOptions();
        stray.ClassWeights = new() { ["worn"] = 2 };
        var negative = DeepClassifierTests.SmallOptions();
        negative.ClassWeighting = ClassWeighting.Explicit;
        negative.ClassWeights = new() { ["worn"] = -1 };
        var threshold = DeepClassifierTests.SmallOptions();
        threshold.MultiLabelThreshold = 1.5;

        Assert.Contains(new CnnClassifierTrainer().Check(data, stray), p => p.Contains("only when ClassWeighting is 'explicit'"));
        Assert.Contains(new CnnClassifierTrainer().Check(data, negative), p => p.Contains("positive") && p.Contains("worn"));
        Assert.Contains(new CnnClassifierTrainer().Check(data, threshold), p => p.Contains("MultiLabelThreshold"));
    }

    private static async Task<ITrainedModel> Fit(WindowSet data, ClassWeighting weighting, Dictionary<string, double>? weights = null)
    {
        var options = DeepClassifierTests.SmallOptions(epochs: 8);
        options.ClassWeighting = weighting;
        options.ClassWeights = weights ?? [];
        return await new CnnClassifierTrainer().FitAsync(data, options, new LocalTrainingContext());
    }
}
