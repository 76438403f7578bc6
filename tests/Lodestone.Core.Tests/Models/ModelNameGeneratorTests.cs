using Lodestone.Trainers;

namespace Lodestone.Models;

public sealed class ModelNameGeneratorTests
{
    private static KeyValuePair<string, long> L(string label, long count) => new(label, count);

    [Fact]
    public void Generate_NamesTheTwoMostFrequentLabels_TheTaskAndManyLargeDatasets()
    {
        var name = ModelNameGenerator.Generate(TrainingTask.Classification, [L("bearing", 3), L("Fan", 40), L("motor", 120)], 3, 4_500_000, []);

        Assert.Equal("motor-fan-classifier-3ds-large", name);
    }

    [Fact]
    public void Generate_NamesOnlyTheTask_WhenThereAreNoLabelsAndOneSmallDataset()
    {
        Assert.Equal("anomaly-detector", ModelNameGenerator.Generate(TrainingTask.AnomalyDetection, [], 1, 1_150, []));
        Assert.Equal("regressor", ModelNameGenerator.Generate(TrainingTask.Regression, [], 0, 0, []));
        Assert.Equal("model", ModelNameGenerator.Generate(null, [], 0, 0, []));
    }

    [Fact]
    public void Generate_LeavesOutLabelsEveryModelHas_AndKeepsOneThatSaysSomething()
    {
        var name = ModelNameGenerator.Generate(TrainingTask.AnomalyDetection, [L("Normal", 900), L("Anomaly", 100), L("Valve", 40)], 1, 10_000, []);

        Assert.Equal("valve-anomaly-detector", name);
    }

    [Fact]
    public void Generate_CountsManyDatasets_ButCallsThemLargeOnlyFromAMillionSamples()
    {
        Assert.Equal("pump-classifier-12ds", ModelNameGenerator.Generate(TrainingTask.Classification, [L("pump", 1)], 12, 999_999, []));
        Assert.Equal("pump-classifier-large", ModelNameGenerator.Generate(TrainingTask.Classification, [L("pump", 1)], 1, 1_000_000, []));
    }

    [Fact]
    public void Generate_AddsTheFirstFreeSuffix_WhenTheNameIsTakenIgnoringCase()
    {
        var name = ModelNameGenerator.Generate(TrainingTask.Classification, [L("motor", 1)], 1, 10, ["Motor-Classifier", "motor-classifier-2", "other"]);

        Assert.Equal("motor-classifier-3", name);
    }

    [Fact]
    public void Generate_GivesLowerCaseKebab_ForLabelsWithSpacesAccentsAndSymbols()
    {
        var name = ModelNameGenerator.Generate(TrainingTask.MultiLabelClassification, [L("Lüfter Stufe 2", 5), L("  ## ", 9), L("Öl/Druck", 4)], 2, 50, []);

        Assert.Equal("lufter-stufe-2-ol-druck-multilabel-classifier-2ds", name);
    }

    [Fact]
    public void Generate_AddsTheCountsOfALabelGivenTwiceUnderDifferentSpellings()
    {
        var name = ModelNameGenerator.Generate(TrainingTask.Classification, [L("fan", 30), L("Motor", 20), L("motor ", 20)], 1, 10, []);

        Assert.Equal("motor-fan-classifier", name);
    }

    [Fact]
    public void Generate_StartsWithTheSensor_ForAPerSensorModel()
    {
        Assert.Equal("pump-7-anomaly-detector", ModelNameGenerator.Generate(TrainingTask.AnomalyDetection, [], 1, 100, [], sensor: "Pump 7"));
    }
}
