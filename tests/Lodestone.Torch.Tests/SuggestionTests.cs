using System.Text.Json;
using Lodestone.Datasets;
using Lodestone.Torch.Trainers;
using Lodestone.Trainers;
using Lodestone.Training;

namespace Lodestone.Torch;

public class SuggestionTests
{
    [Fact]
    public void For_TurnsOnBalancedWeights_WhenOneClassIsRare()
    {
        var suggestion = DeepClassifierSuggestions.For(DeepNetworks.Cnn, LabelledWindows.Imbalanced(100, 16, seed: 1, every: 10));

        var options = Assert.IsType<DeepClassifierOptions>(suggestion.Options);
        Assert.Equal(ClassWeighting.Balanced, options.ClassWeighting);
        Assert.Equal(5.0, suggestion.ClassWeights["worn"], 6);
        Assert.True(suggestion.ClassWeights["normal"] < 1);
    }

    [Fact]
    public void For_LeavesClassesUnweighted_WhenTheyAreEquallyCommon()
    {
        var suggestion = DeepClassifierSuggestions.For(DeepNetworks.Lstm, SignalWindows.Make(40, 16, seed: 1, "sine", "square"));

        Assert.Equal(ClassWeighting.None, ((DeepClassifierOptions)suggestion.Options).ClassWeighting);
        Assert.Contains(suggestion.Warnings, w => w.Contains("40 labelled windows"));
    }

    [Fact]
    public void Catalog_ReadsTheWeightingOptionsFromARunConfig()
    {
        var catalog = new TrainerCatalog([new GruClassifierTrainer()]);

        var options = (DeepClassifierOptions)catalog.ReadOptions(DeepNetworks.Gru,
            """{"classWeighting": "explicit", "classWeights": {"worn": 4}, "multiLabelThreshold": 0.4}""");

        Assert.Equal(ClassWeighting.Explicit, options.ClassWeighting);
        Assert.Equal(4, options.ClassWeights["worn"]);
        Assert.Equal(0.4, options.MultiLabelThreshold);
        Assert.Contains("classWeighting", catalog.Describe(DeepNetworks.Gru).Schema.ToJsonString());
    }

    [Fact]
    public void RunSettings_SuggestBalancedWeightsForADeepClassifier_WhenTheLabelCountsAreImbalanced()
    {
        var dataset = new Dataset(Guid.NewGuid(), Guid.NewGuid(), "pump", DatasetSchema.Magnetometer, "pump.csv", null);
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        dataset.Describe(new DatasetProfile(100_000, start, start.AddSeconds(2_000), 50, 0, [], ["mag-01"]));
        var catalog = new TrainerCatalog([new CnnClassifierTrainer()]);

        var imbalanced = RunSettingsSuggestion.For(catalog, DeepNetworks.Cnn, [dataset], new Dictionary<string, int> { ["normal"] = 900, ["worn"] = 60 });
        var even = RunSettingsSuggestion.For(catalog, DeepNetworks.Cnn, [dataset], new Dictionary<string, int> { ["normal"] = 500, ["worn"] = 450 });

        using var suggested = JsonDocument.Parse(imbalanced.Config);
        Assert.Equal("Balanced", suggested.RootElement.GetProperty("classWeighting").GetString());
        Assert.Contains(imbalanced.Notes, n => n.Contains("balanced") && n.Contains("worn 60"));
        Assert.Equal(ClassWeighting.Balanced, ((DeepClassifierOptions)catalog.ReadOptions(DeepNetworks.Cnn, imbalanced.Config)).ClassWeighting);
        using var unweighted = JsonDocument.Parse(even.Config);
        Assert.Equal("None", unweighted.RootElement.GetProperty("classWeighting").GetString());
    }
}
