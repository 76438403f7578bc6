using System.Text.Json;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Training;

public sealed class RunRecipeReaderTests
{
    private static readonly TrainerCatalog Catalog = new();

    [Fact]
    public void FromStored_ReadsAnOldConfig_SkippingSettingsThisVersionNoLongerHas()
    {
        var run = TrainingRun.CreateInternal(Guid.NewGuid(), "old", IsolationForestTrainer.KindName,
            """{"trees": 7, "startFrom": null, "retired": 3, "sensor": "probe-1", "window": {"length": 16, "sensor": "probe-1"}, "modelName": "valves"}""",
            [Guid.NewGuid()], Guid.NewGuid(), DateTime.UtcNow, null, "default");

        var recipe = RunRecipeReader.FromStored(Catalog, run);

        Assert.Equal(7, ((IsolationForestOptions)recipe.Options).Trees);
        Assert.Equal((16, "probe-1"), (recipe.Window.Length, recipe.Window.Sensor));
        Assert.Equal("valves", recipe.ModelName);
    }

    [Fact]
    public void Read_RefusesAModelFolder_ButNotTheNullThatEarlierSuggestionsCarried()
    {
        using var folder = JsonDocument.Parse("""{"startFrom": "/data/projects/other/model"}""");
        using var empty = JsonDocument.Parse("""{"startFrom": null, "trees": 5}""");

        var error = Assert.Throws<RunRecipeException>(() => RunRecipeReader.Read(Catalog, IsolationForestTrainer.KindName, folder.RootElement, []));

        Assert.Contains("$.config.startFrom: a run cannot name a model folder", Assert.Single(error.Errors));
        Assert.Equal(5, ((IsolationForestOptions)RunRecipeReader.Read(Catalog, IsolationForestTrainer.KindName, empty.RootElement, []).Options).Trees);
    }

    [Fact]
    public void ToConfigJson_IsReadBackIntoTheSameRecipe()
    {
        using var config = JsonDocument.Parse("""{"contamination": 0.05, "window": {"length": 32, "labelChannel": "anomaly"}, "modelName": "pump"}""");
        var recipe = RunRecipeReader.Read(Catalog, PcaDetectorTrainer.KindName, config.RootElement, []);

        using var stored = JsonDocument.Parse(recipe.ToConfigJson());
        var again = RunRecipeReader.Read(Catalog, PcaDetectorTrainer.KindName, stored.RootElement, []);

        Assert.Equal(0.05, ((PcaDetectorOptions)again.Options).Contamination);
        Assert.Equal(recipe.Window, again.Window);
        Assert.Equal("pump", again.ModelName);
    }

    [Fact]
    public void Read_RefusesAModelNameWithASlash_SinceTheModelsRoutesNameItInOnePathSegment()
    {
        using var config = JsonDocument.Parse("""{"modelName": "pumps/north"}""");

        var error = Assert.Throws<RunRecipeException>(() => RunRecipeReader.Read(Catalog, PcaDetectorTrainer.KindName, config.RootElement, []));

        Assert.Contains("$.config.modelName: must not contain '/'", Assert.Single(error.Errors));
    }
}
