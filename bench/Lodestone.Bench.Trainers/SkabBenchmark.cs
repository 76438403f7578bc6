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

    /// <summary>
    /// Each classical detector as "Suggest settings" gives it for one file's training rows: the window spans the slowest
    /// channel's memory (1 Hz data), and the kind's suggested options for windows that long (window features, no
    /// smoothing, contamination 0.01). Scored per row on trailing windows, as <see cref="Detectors"/> does.
    /// </summary>
    public static void PlatformSuggestion(IReadOnlyList<SkabFile> files)
    {
        Console.WriteLine("| detector | windows | smoothing | contamination | F1 | FAR % | MAR % | seconds |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var kind in new[] { IsolationForestTrainer.KindName, PcaDetectorTrainer.KindName })
        {
            var watch = Stopwatch.StartNew();
            var parts = new List<AnomalyMetrics>();
            var sizes = new List<int>();
            AnomalyDetectorOptions? options = null;
            foreach (var file in files)
            {
                var memory = ChannelMemory.Slowest(file.Channels.Select((c, i) => (c, i)).ToDictionary(
                    p => p.c, p => (IReadOnlyList<double[]>)[file.Series[p.i][..TrainRows].Select(v => (double)v).ToArray()]));
                var size = WindowSuggestion.Suggest(1, memory: memory).Size;
                sizes.Add(size);
                var windows = Windowing.Trailing(file.Channels, file.Series, file.Times, size, 1);
                // Only whole windows train, as a run's windows are: the first rows' trailing windows repeat the first value,
                // and at 64–128 rows those padded windows would set the threshold (or the PCA basis) by themselves.
                var train = windows.Select(Enumerable.Range(size - 1, TrainRows - size + 1).ToArray());
                options = (AnomalyDetectorOptions)TrainerSuggestions.ForAnomaly(kind, train).Options;
                var model = options is IsolationForestOptions forest
                    ? new IsolationForestTrainer().Fit(train, forest, new LocalTrainingContext())
                    : new PcaDetectorTrainer().Fit(train, (PcaDetectorOptions)options, new LocalTrainingContext());
                parts.Add(Count(file, model.Predict(windows).Select(p => p.IsAnomaly).ToArray()));
            }
            var m = AnomalyMetrics.Sum(parts);
            var counts = string.Join(", ", sizes.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
            Console.WriteLine($"| {kind}, the platform's suggestion | {counts} | {options!.Smoothing} | {options.Contamination} | {m.F1:0.000} | {m.FalseAlarmRate:0.00} | {m.MissedAlarmRate:0.00} | {watch.Elapsed.TotalSeconds:0.00} |");
        }
    }

    /// <summary>pandas' rolling(3).median() on 0/1 flags with the first two rows as 0: at least two of the last three.</summary>
    public static bool[] RollingMedian3(bool[] flags) =>
        flags.Select((_, i) => i >= 2 && (flags[i] ? 1 : 0) + (flags[i - 1] ? 1 : 0) + (flags[i - 2] ? 1 : 0) >= 2).ToArray();

    public static AnomalyMetrics Count(SkabFile file, bool[] flagged) =>
        AnomalyMetrics.Evaluate(file.Anomaly[TrainRows..], flagged[TrainRows..]);

}
