using Lodestone.Trainers.Sensors;
using Lodestone.Training;

namespace Lodestone.Trainers;

/// <summary>Drift and calibration as catalogue kinds: listed with a described schema, checked, fitted, saved, loaded and judged.</summary>
public class SensorKindTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static WindowSet Rising(int count) =>
        SensorSeries.FromReadings("temperature", Enumerable.Range(0, count)
            .Select(i => new SensorReading(T0.AddHours(i), 100 + 0.5 * i + (i % 2 == 0 ? 0.05 : -0.05))).ToList());

    private static WindowSet Calibrations(int count) =>
        SensorSeries.FromCalibrations(Enumerable.Range(0, count)
            .Select(i => new CalibrationPoint(T0.AddDays(i), 2 * i + 1, i == 0 ? null : i)).ToList());

    [Fact]
    public void Catalogue_ListsDriftAndCalibration_WithDescribedDefaults()
    {
        var catalog = new TrainerCatalog();

        var drift = catalog.Describe("drift");
        var calibration = catalog.Describe("calibration");

        Assert.Equal(TrainingTask.Regression, drift.Task);
        Assert.Equal(20, (int)drift.Schema["properties"]!["minimumReadings"]!["default"]!);
        Assert.Contains("measured from", (string)drift.Schema["properties"]!["baseline"]!["description"]!);
        Assert.Equal("number", (string)drift.Schema["properties"]!["thresholdPercent"]!["type"]!);
        Assert.Equal(1, (int)calibration.Defaults["degree"]!);
    }

    [Fact]
    public void DriftCheck_NamesTheProblem_WhenReadingsAreTooFewOrTheChannelIsAmbiguous()
    {
        var trainer = new DriftTrainer();
        var twoChannels = new WindowSet(["a", "b"], 1, new float[60], Enumerable.Range(0, 30).Select(i => T0.AddHours(i)).ToArray());

        Assert.Contains("at least 20 readings; there are 10", Assert.Single(trainer.Check(Rising(10), new DriftOptions())));
        Assert.Contains("name one in \"channel\"", Assert.Single(trainer.Check(twoChannels, new DriftOptions())));
        Assert.Contains("Missing channel 'c'", Assert.Single(trainer.Check(twoChannels, new DriftOptions { Channel = "c" })));
        Assert.Empty(trainer.Check(twoChannels, new DriftOptions { Channel = "b" }));
    }

    [Fact]
    public async Task DriftFit_PredictsTheNextDrift_AndLoadsBackFromItsFolder()
    {
        var catalog = new TrainerCatalog();
        var model = await catalog.Trainer("drift").FitAsync(Rising(60), new DriftOptions { Baseline = 100 }, new LocalTrainingContext());
        using var folder = new TemporaryFolder();
        model.Save(folder.Path);

        var loaded = (DriftModel)catalog.Load(folder.Path);
        var predictions = loaded.Predict(Rising(60));
        var actual = loaded.Actual(Rising(60));

        Assert.Equal("temperature", loaded.Channel);
        Assert.True(double.IsNaN(predictions[0].Score));
        Assert.Equal(actual[59], predictions[59].Score, 0.5); // 100 + 29.5 → about 29.5 %
    }

    [Fact]
    public async Task CalibrationFit_RecoversTheCorrection_AndItsCheckCountsRecordsWithReadings()
    {
        var trainer = new CalibrationTrainer();
        var problems = trainer.Check(Calibrations(3), new CalibrationOptions());
        var model = (CalibrationModel)await trainer.FitAsync(Calibrations(8), new CalibrationOptions(), new LocalTrainingContext());

        Assert.Equal(2, problems.Count); // too few records, and too few with a reading before them
        Assert.Contains(problems, p => p.Contains("at least 5 records"));
        Assert.Equal(21, model.Apply(10), 1e-9);
        Assert.Contains("channels 'raw' and 'reference'", Assert.Single(trainer.Check(Rising(30), new CalibrationOptions())));
    }

    [Fact]
    public async Task RunEvaluation_ReportsMaeRmseAndR2_ForARegressor()
    {
        var trainer = new DriftTrainer();
        var options = new DriftOptions { Baseline = 100 };
        var split = RunEvaluation.SplitFor(trainer, options, Rising(100))!;
        var model = await trainer.FitAsync(split.Train, options, new LocalTrainingContext());

        var (report, metrics) = RunEvaluation.Evaluate(model, options, split.Test, new Dictionary<(string, int), double>(),
            new Dictionary<string, string>())!.Value;

        Assert.Equal("regression", report.Kind);
        Assert.True(metrics["test_mae"] < 1, $"test_mae {metrics["test_mae"]}");
        Assert.True(metrics["test_rmse"] >= metrics["test_mae"]);
        Assert.True(metrics["test_r2"] > 0.9, $"test_r2 {metrics["test_r2"]}");
        Assert.Contains(report.Plots(), p => p.Name == "predicted-vs-actual");
        Assert.Contains(report.Plots(), p => p.Name == "residuals");
    }

    [Fact]
    public void SplitFor_TrainsOnEveryRecord_WhenTheTrainingPartAloneWouldBeTooFew()
    {
        var trainer = new CalibrationTrainer();

        Assert.Null(RunEvaluation.SplitFor(trainer, new CalibrationOptions(), Calibrations(6)));
        Assert.NotNull(RunEvaluation.SplitFor(trainer, new CalibrationOptions(), Calibrations(12)));
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("lodestone-sensor-kind-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
