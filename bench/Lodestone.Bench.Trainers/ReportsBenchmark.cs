using System.Diagnostics;
using Lodestone.Evaluation;
using Lodestone.Features;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;
using Lodestone.Trainers.Classification;
using Lodestone.Trainers.Sensors;

namespace Lodestone.Bench.Trainers;

/// <summary>
/// Writes one evaluation report of each kind from real data into a folder, and times the writing: LightGBM on
/// BasicMotions, an Isolation Forest on the first SKAB file, a drift model on that file's temperature.
/// </summary>
internal static class ReportsBenchmark
{
    public static void Run(string datasets, string folder)
    {
        var train = BasicMotionsBenchmark.Read(Path.Combine(datasets, "basicmotions", "BasicMotions_TRAIN.ts"));
        var test = BasicMotionsBenchmark.Read(Path.Combine(datasets, "basicmotions", "BasicMotions_TEST.ts"));
        var context = new LocalTrainingContext();
        var classifier = new LightGbmTrainer().Fit(train, new LightGbmOptions(), context);
        var truth = test.Labels.Select(l => classifier.Classes.ToList().IndexOf(l!.Keys.Single())).ToArray();
        Write(folder, "basicmotions-lightgbm", EvaluationReport.ForClassification("BasicMotions: LightGBM on window features",
            classifier.Classes, truth, classifier.Probabilities(test), context.Metrics,
            new Dictionary<string, string> { ["dataset"] = "BasicMotions (UEA), 40 train / 40 test", ["model"] = "lightgbm" }));

        var skab = SkabFile.Read(SkabFile.List(Path.Combine(datasets, "skab"))[0]);
        var points = Windowing.Trailing(skab.Channels, skab.Series, skab.Times, 1, 1);
        var rows = Enumerable.Range(0, SkabBenchmark.TrainRows).ToArray();
        var detector = new IsolationForestTrainer().Fit(points.Select(rows),
            new IsolationForestOptions { Input = AnomalyInput.Raw, Contamination = 0.01, Seed = 0 }, new LocalTrainingContext());
        var smoothed = SkabBenchmark.RollingMean(detector.Score(points), 15);
        var threshold = AnomalyThreshold.FromContamination(smoothed.Take(SkabBenchmark.TrainRows).ToArray(), 0.01);
        var testRows = smoothed.Length - SkabBenchmark.TrainRows;
        Write(folder, "skab-isolation-forest", EvaluationReport.ForAnomalyDetection($"SKAB {Path.GetFileName(skab.Path)}: Isolation Forest",
            skab.Anomaly[SkabBenchmark.TrainRows..], smoothed[SkabBenchmark.TrainRows..], threshold,
            Enumerable.Range(SkabBenchmark.TrainRows, testRows).Select(i => (double)i).ToArray(),
            details: new Dictionary<string, string> { ["protocol"] = "first 400 rows train, rest scored", ["smoothing"] = "rolling mean of 15" }));

        var channel = Array.FindIndex(skab.Channels, c => c.Contains("Temperature", StringComparison.OrdinalIgnoreCase));
        var readings = skab.Times.Select((t, i) => new SensorReading(t, skab.Series[Math.Max(channel, 0)][i])).ToArray();
        var drift = DriftModel.Fit(readings[..SkabBenchmark.TrainRows], new DriftOptions());
        var actual = new List<double>();
        var predicted = new List<double>();
        for (var i = SkabBenchmark.TrainRows; i < readings.Length; i++)
        {
            predicted.Add(drift.PredictNext(readings[..i]));
            actual.Add((readings[i].Value - drift.Baseline) / Math.Abs(drift.Baseline) * 100);
        }
        Write(folder, "skab-drift", EvaluationReport.ForRegression($"SKAB {Path.GetFileName(skab.Path)}: next temperature drift (% of baseline)",
            actual, predicted, details: new Dictionary<string, string> { ["channel"] = skab.Channels[Math.Max(channel, 0)] }));
    }

    private static void Write(string root, string name, EvaluationReport report)
    {
        var watch = Stopwatch.StartNew();
        var folder = Path.Combine(root, name);
        report.WriteTo(folder);
        var bytes = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"| {name} | {report.Plots().Count} | {bytes / 1024.0:0} KiB | {watch.Elapsed.TotalSeconds:0.00} |");
    }
}
