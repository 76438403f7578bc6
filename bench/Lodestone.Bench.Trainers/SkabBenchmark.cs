using System.Diagnostics;
using System.Text.Json;
using Lodestone.Evaluation;
using Lodestone.Features;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Bench.Trainers;

/// <summary>SKAB's leaderboard protocol: per file, the first 400 rows train one model, the rest are scored; counts summed.</summary>
internal static class SkabBenchmark
{
    public const int TrainRows = 400;

    /// <summary>Our Isolation Forest under scikit-learn's settings, then scikit-learn itself on the same files.</summary>
    public static void CompareWithScikitLearn(IReadOnlyList<SkabFile> files)
    {
        var options = new IsolationForestOptions { Input = AnomalyInput.Raw, Standardize = false, Contamination = 0.0005, Seed = 0 };
        var watch = new Stopwatch();
        var parts = new List<AnomalyMetrics>();
        foreach (var file in files)
        {
            var points = Windowing.Trailing(file.Channels, file.Series, file.Times, 1, 1);
            var train = points.Select(Enumerable.Range(0, TrainRows).ToArray());
            watch.Start();
            var model = new IsolationForestTrainer().Fit(train, options, new LocalTrainingContext());
            var flagged = model.Predict(points).Select(p => p.IsAnomaly).ToArray();
            watch.Stop();
            parts.Add(Count(file, RollingMedian3(flagged)));
        }
        var ours = AnomalyMetrics.Sum(parts);
        var peer = RunScikitLearn(files);
        Console.WriteLine("| implementation | F1 | FAR % | MAR % | TP | TN | FP | FN | fit+score s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Row("Lodestone IsolationForest", ours, watch.Elapsed.TotalSeconds);
        if (peer is { } p) Row("scikit-learn 1.2 IsolationForest", p.Metrics, p.Seconds);
        else Console.WriteLine("| scikit-learn | not run: /usr/bin/python3 with sklearn and pandas is missing | | | | | | | |");
        if (peer is { } q)
            Console.WriteLine($"\nF1 difference {ours.F1 - q.Metrics.F1:+0.000;-0.000}; speed-up {q.Seconds / watch.Elapsed.TotalSeconds:0.0}×");
        // At contamination 0.0005 the threshold is about the highest of 400 training scores, so F1 swings with the seed:
        // the fair comparison of algorithms is the spread over seeds.
        var f1s = Enumerable.Range(0, 10).Select(seed => AnomalyMetrics.Sum(files.Select(file =>
        {
            var points = Windowing.Trailing(file.Channels, file.Series, file.Times, 1, 1);
            var model = new IsolationForestTrainer().Fit(points.Select(Enumerable.Range(0, TrainRows).ToArray()),
                new IsolationForestOptions { Input = AnomalyInput.Raw, Standardize = false, Contamination = 0.0005, Seed = seed }, new LocalTrainingContext());
            return Count(file, RollingMedian3(model.Predict(points).Select(p => p.IsAnomaly).ToArray()));
        })).F1).ToArray();
        var mean = f1s.Average();
        Console.WriteLine($"Lodestone F1 over seeds 0–9: mean {mean:0.000}, sd {Math.Sqrt(f1s.Average(f => (f - mean) * (f - mean))):0.000}, min {f1s.Min():0.000}, max {f1s.Max():0.000}");
    }

    /// <summary>
    /// Each detector on trailing windows over the past rows, scored per row; scores are smoothed by a rolling mean and the
    /// threshold is the (1 − contamination) quantile of the smoothed scores of the training rows.
    /// </summary>
    public static void Detectors(IReadOnlyList<SkabFile> files, IReadOnlyList<SkabDetector> detectors)
    {
        Console.WriteLine("| detector | window | smoothing | contamination | F1 | FAR % | MAR % | seconds |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var detector in detectors)
        {
            var watch = Stopwatch.StartNew();
            var parts = new List<AnomalyMetrics>();
            foreach (var file in files)
            {
                var windows = Windowing.Trailing(file.Channels, file.Series, file.Times, detector.Window, 1);
                var model = detector.Fit(windows.Select(Enumerable.Range(0, TrainRows).ToArray()));
                var smoothed = RollingMean(model.Score(windows), detector.Smooth);
                var threshold = AnomalyThreshold.FromContamination(smoothed.Take(TrainRows).ToArray(), detector.Contamination);
                parts.Add(Count(file, smoothed.Select(s => s > threshold).ToArray()));
            }
            var m = AnomalyMetrics.Sum(parts);
            Console.WriteLine($"| {detector.Name} | {detector.Window} | {detector.Smooth} | {detector.Contamination} | {m.F1:0.000} | {m.FalseAlarmRate:0.00} | {m.MissedAlarmRate:0.00} | {watch.Elapsed.TotalSeconds:0.00} |");
        }
    }

    public static double[] RollingMean(double[] scores, int size)
    {
        if (size <= 1) return scores;
        var result = new double[scores.Length];
        double sum = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            sum += scores[i];
            if (i >= size) sum -= scores[i - size];
            result[i] = sum / Math.Min(i + 1, size);
        }
        return result;
    }

    /// <summary>pandas' rolling(3).median() on 0/1 flags with the first two rows as 0: at least two of the last three.</summary>
    public static bool[] RollingMedian3(bool[] flags) =>
        flags.Select((_, i) => i >= 2 && (flags[i] ? 1 : 0) + (flags[i - 1] ? 1 : 0) + (flags[i - 2] ? 1 : 0) >= 2).ToArray();

    private static AnomalyMetrics Count(SkabFile file, bool[] flagged) =>
        AnomalyMetrics.Evaluate(file.Anomaly[TrainRows..], flagged[TrainRows..]);

    private static void Row(string name, AnomalyMetrics m, double seconds) =>
        Console.WriteLine($"| {name} | {m.F1:0.000} | {m.FalseAlarmRate:0.00} | {m.MissedAlarmRate:0.00} | {m.TruePositives} | {m.TrueNegatives} | {m.FalsePositives} | {m.FalseNegatives} | {seconds:0.000} |");

    private static (AnomalyMetrics Metrics, double Seconds)? RunScikitLearn(IReadOnlyList<SkabFile> files)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "skab_iforest.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var f in files) start.ArgumentList.Add(f.Path);
        using var process = Process.Start(start);
        if (process is null) return null;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"scikit-learn peer failed: {errors.Trim()}");
            return null;
        }
        var json = JsonDocument.Parse(output).RootElement;
        return (new AnomalyMetrics(json.GetProperty("tp").GetInt32(), json.GetProperty("tn").GetInt32(),
            json.GetProperty("fp").GetInt32(), json.GetProperty("fn").GetInt32()), json.GetProperty("seconds").GetDouble());
    }
}
