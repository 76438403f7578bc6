using System.Diagnostics;
using Lodestone.Evaluation;
using Lodestone.Features;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Bench.Trainers;

/// <summary>SKAB's leaderboard protocol: per file, the first 400 rows train one model, the rest are scored; counts summed.</summary>
internal static class SkabBenchmark
{
    public const int TrainRows = 400;

    /// <summary>
    /// Each detector on trailing windows over the past rows, scored per row; the model smooths scores by a trailing mean
    /// and its threshold is the (1 − contamination) quantile of the smoothed scores of the training rows.
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
                // The model smooths its scores and set its threshold on the smoothed training scores.
                var model = detector.Fit(windows.Select(Enumerable.Range(0, TrainRows).ToArray()));
                parts.Add(Count(file, model.Predict(windows).Select(p => p.IsAnomaly).ToArray()));
            }
            var m = AnomalyMetrics.Sum(parts);
            Console.WriteLine($"| {detector.Name} | {detector.Window} | {detector.Smooth} | {detector.Contamination} | {m.F1:0.000} | {m.FalseAlarmRate:0.00} | {m.MissedAlarmRate:0.00} | {watch.Elapsed.TotalSeconds:0.00} |");
        }
    }

    /// <summary>pandas' rolling(3).median() on 0/1 flags with the first two rows as 0: at least two of the last three.</summary>
    public static bool[] RollingMedian3(bool[] flags) =>
        flags.Select((_, i) => i >= 2 && (flags[i] ? 1 : 0) + (flags[i - 1] ? 1 : 0) + (flags[i - 2] ? 1 : 0) >= 2).ToArray();

    public static AnomalyMetrics Count(SkabFile file, bool[] flagged) =>
        AnomalyMetrics.Evaluate(file.Anomaly[TrainRows..], flagged[TrainRows..]);

}
