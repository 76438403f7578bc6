using System.Text.Json;
using Lodestone.Datasets;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Training;

public sealed class RunSettingsSuggestionTests
{
    private static Dataset Recording(long rows, double rateHz)
    {
        var dataset = new Dataset(Guid.NewGuid(), Guid.NewGuid(), "site", DatasetSchema.Magnetometer, "site.csv", null);
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        dataset.Describe(new DatasetProfile(rows, start, start.AddSeconds(rows / rateHz), rateHz, 0, [], ["mag-01"]));
        return dataset;
    }

    [Fact]
    public void For_SuggestsTheTrainersDefaults_AndAWindowOfAboutTwoSeconds()
    {
        var suggestion = RunSettingsSuggestion.For(new TrainerCatalog(), IsolationForestTrainer.KindName, [Recording(100_000, 50)]);

        using var config = JsonDocument.Parse(suggestion.Config);
        Assert.Equal(128, config.RootElement.GetProperty("window").GetProperty("length").GetInt32());
        Assert.Equal(64, config.RootElement.GetProperty("window").GetProperty("stride").GetInt32());
        Assert.True(config.RootElement.TryGetProperty("contamination", out _), suggestion.Config);
        Assert.DoesNotContain(suggestion.Notes, n => n.StartsWith("Warning"));
    }

    [Fact]
    public void For_WarnsWhenTheDataHoldTooFewWindows()
    {
        var suggestion = RunSettingsSuggestion.For(new TrainerCatalog(), IsolationForestTrainer.KindName, [Recording(1_000, 50)]);

        Assert.Contains(suggestion.Notes, n => n.StartsWith("Warning") && n.Contains("isolation-forest"));
    }

    [Fact]
    public void For_Drift_ReadsEverySampleAsAReading_WithoutWarningAbout500Windows()
    {
        var suggestion = RunSettingsSuggestion.For(new TrainerCatalog(), "drift", [Recording(200, 1)]);

        using var config = JsonDocument.Parse(suggestion.Config);
        Assert.Equal(1, config.RootElement.GetProperty("window").GetProperty("length").GetInt32());
        Assert.DoesNotContain(suggestion.Notes, n => n.StartsWith("Warning"));
    }
}
