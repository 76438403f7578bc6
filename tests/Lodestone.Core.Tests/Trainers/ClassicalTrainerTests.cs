using Lodestone.Trainers.Anomaly;
using Lodestone.Trainers.Classification;

namespace Lodestone.Trainers;

public sealed class ClassicalTrainerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lodestone-trainers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task LightGbm_LearnsASeparableProblem()
    {
        var model = (LightGbmModel)await new LightGbmTrainer().FitAsync(TrainerData.TwoClasses(30), new LightGbmOptions(), new LocalTrainingContext());
        var test = TrainerData.TwoClasses(10, seed: 9);
        var predicted = model.Predict(test).Select(p => p.Labels!.Single()).ToArray();
        Assert.Equal(test.Labels.Select(l => l!.Keys.Single()), predicted);
        Assert.Equal(TrainingTask.Classification, model.Task);
    }

    [Fact]
    public void LightGbm_FeatureAndRowFractions_ReachTheBooster()
    {
        // Every fifth window carries the other label, so no single feature separates the classes and the features a tree may see matter.
        var clean = TrainerData.TwoClasses(30);
        var data = new WindowSet(clean.Channels, clean.Length, clean.Values, clean.StartTimes, clean.Labels.Select((l, i) =>
            i % 5 == 0 ? new Dictionary<string, float> { [l!.ContainsKey("calm") ? "shake" : "calm"] = 1 } : l).ToArray()) { SampleRateHz = 32 };
        var test = TrainerData.TwoClasses(10, seed: 9);
        double[] Probabilities(LightGbmOptions options) =>
            new LightGbmTrainer().Fit(data, options, new LocalTrainingContext()).Probabilities(test).Select(p => p[0]).ToArray();
        var plain = Probabilities(new LightGbmOptions { Iterations = 20 });
        Assert.NotEqual(plain, Probabilities(new LightGbmOptions { Iterations = 20, FeatureFraction = 0.2 }));
        Assert.NotEqual(plain, Probabilities(new LightGbmOptions { Iterations = 20, RowFraction = 0.5 }));
        Assert.Contains("FeatureFraction must be in (0, 1].", new LightGbmTrainer().Check(data, new LightGbmOptions { FeatureFraction = 0 }));
    }

    [Fact]
    public void LightGbm_TrainsOneModelPerLabel_WhenWindowsCarrySeveralLabels()
    {
        var model = new LightGbmTrainer().Fit(TrainerData.TwoClasses(40, multiLabel: true), new LightGbmOptions(), new LocalTrainingContext());
        Assert.Equal(TrainingTask.MultiLabelClassification, model.Task);
        var prediction = model.Predict(TrainerData.TwoClasses(4, seed: 5))[0];
        Assert.Equal(["calm", "loud", "shake"], prediction.Scores!.Keys.Order());
        Assert.Equal(["calm"], prediction.Labels!);
    }

    [Fact]
    public void Check_ListsMissingLabelsAndChannelsTogether()
    {
        var options = new LightGbmOptions { Labels = ["calm", "broken"], Channels = ["x", "z"] };
        var problems = new LightGbmTrainer().Check(TrainerData.TwoClasses(10), options);
        Assert.Contains(problems, p => p.Contains("broken") && p.StartsWith("Missing labels"));
        Assert.Contains(problems, p => p.Contains('z') && p.StartsWith("Missing channels"));
        var unlabelled = new WindowSet(["x"], 1, new float[3], new DateTime[3]);
        Assert.Equal(2, new LightGbmTrainer().Check(unlabelled, new LightGbmOptions()).Count);
    }

    [Fact]
    public void FitAsync_ThrowsWithEveryProblem_WhenTheCheckFails()
    {
        var error = Assert.Throws<TrainerDataException>(() =>
            new IsolationForestTrainer().Fit(new WindowSet(["x"], 1, new float[3], new DateTime[3]),
                new IsolationForestOptions { Channels = ["y"], Contamination = 2 }, new LocalTrainingContext()));
        Assert.Equal(3, error.Problems.Count);
    }

    [Theory]
    [InlineData(IsolationForestTrainer.KindName)]
    [InlineData(PcaDetectorTrainer.KindName)]
    [InlineData(LightGbmTrainer.KindName)]
    public async Task SavedModels_LoadBackByKind_AndPredictTheSame(string kind)
    {
        var catalog = new TrainerCatalog();
        var trainer = catalog.Trainer(kind);
        var data = TrainerData.TwoClasses(20);
        var model = await trainer.FitAsync(data, trainer.CreateDefaultOptions(), new LocalTrainingContext());
        model.Save(_folder);
        var loaded = catalog.Load(_folder);
        Assert.Equal(kind, loaded.Kind);
        Assert.Equal(model.Predict(data), loaded.Predict(data), (a, b) => Math.Abs(a.Score - b.Score) < 1e-6 && a.IsAnomaly == b.IsAnomaly);
    }

    [Fact]
    public void Catalog_DescribesOptionsWithDefaultsAndSchema()
    {
        var entry = new TrainerCatalog().Describe(IsolationForestTrainer.KindName);
        Assert.Equal(100, entry.Defaults["trees"]!.GetValue<int>());
        Assert.NotNull(entry.Schema["properties"]!["contamination"]);
        var options = (IsolationForestOptions)new TrainerCatalog().ReadOptions(IsolationForestTrainer.KindName, """{"trees": 7}""");
        Assert.Equal((7, 0.01), (options.Trees, options.Contamination));
    }

    [Fact]
    public void Fit_ReportsProgressAndThreshold()
    {
        var context = new LocalTrainingContext();
        var model = new IsolationForestTrainer().Fit(TrainerData.TwoClasses(20), new IsolationForestOptions { Trees = 20 }, context);
        Assert.Equal((20, 20), context.Progress);
        Assert.Equal(model.Threshold, context.Metrics[("threshold", 0)]);
        Assert.Equal("isolation-forest_pump-3", AnomalyModel.NameFor(model.Kind, "pump-3"));
    }
}
