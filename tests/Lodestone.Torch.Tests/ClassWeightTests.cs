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
