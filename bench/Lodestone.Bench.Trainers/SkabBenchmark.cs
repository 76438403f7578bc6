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

    public static AnomalyMetrics Count(SkabFile file, bool[] flagged) =>
        AnomalyMetrics.Evaluate(file.Anomaly[TrainRows..], flagged[TrainRows..]);

}
