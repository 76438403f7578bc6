using System.Diagnostics;
using System.Globalization;
using Lodestone.Torch.Trainers;
using Lodestone.Features;
using Lodestone.Trainers;

namespace Lodestone.Bench.Torch;

/// <summary>
/// SKAB's outlier leaderboard protocol on the 20 valve files: per file, the first 400 rows train one model, the rest is
/// test; windows with stride 1; a row is an outlier when every test window covering it (as in SKAB's Conv-AE notebook:
/// the windows starting in [i − w + 1, i − 1]) is anomalous. TP/TN/FP/FN are summed over all files. The detectors run
/// with their defaults and the suggested epochs, so the threshold is theirs: 4/3 of the 0.999 quantile of the training
/// windows' reconstruction errors. The window is the one the platform suggests for each file from its training rows (the
/// slowest channel's memory, as SKAB is 1 Hz data); SKAB_WINDOW=60 uses SKAB's own Conv-AE window instead.
/// </summary>
internal static class Skab
{
    private const int TrainRows = 400;
    private const int InsideMargin = 127;
    private static readonly int? FixedWindow = int.TryParse(Environment.GetEnvironmentVariable("SKAB_WINDOW"), out var w) ? w : null;

    /// <summary>The window for one file: fixed, or suggested at 1 Hz from the training rows as a run on them would get it.</summary>
    private static WindowSuggestion Window(string[] channels, float[][] rows)
    {
        if (FixedWindow is { } size) return new WindowSuggestion(size, 1, "SKAB_WINDOW");
        var series = channels.Select((c, i) => (c, i)).ToDictionary(
            p => p.c, p => (IReadOnlyList<double[]>)[rows.Take(TrainRows).Select(r => (double)r[p.i]).ToArray()]);
        return WindowSuggestion.Suggest(1, memory: ChannelMemory.Slowest(series));
    }

    /// <summary>
    /// The detector's defaults with the epochs and learning rate the platform suggests for this many windows, as a run
    /// started with "Suggest settings" gets them; only the seed and the thread count are the bench's.
    /// </summary>
    private static AutoencoderOptions Options(AutoencoderTrainer trainer, int windows, int threads, int? seed)
    {
        var options = (AutoencoderOptions)trainer.CreateDefaultOptions();
        (options.Epochs, options.LearningRate) = TrainerSuggestions.DeepDefaults(trainer.Kind, windows);
        options.Threads = threads;
        if (seed is { } s) options.Seed = s;
        return options;
    }

    public static async Task Run(int threads, int fileLimit = int.MaxValue, int? seed = null)
    {
        Console.WriteLine($"## SKAB outliers: 20 files (valve1, valve2), first 400 rows train, windows of {FixedWindow?.ToString(CultureInfo.InvariantCulture) ?? "the suggested length"}, counts summed; seed {seed?.ToString(CultureInfo.InvariantCulture) ?? "default"}");
        var folder = DatasetFolder.Find("skab");
        if (folder is null)
        {
            Console.WriteLine("skipped: shared/datasets/skab not found");
            return;
        }
        var files = new[] { "valve1", "valve2" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(folder, d), "*.csv")
                .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), CultureInfo.InvariantCulture)))
            .Take(fileLimit)
            .ToList();
        Console.WriteLine("| detector | F1 | FAR % | MAR % | TP | TN | FP | FN | F1 inside | seconds |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        AutoencoderTrainer[] trainers = [new ConvAutoencoderTrainer(), new LstmAutoencoderTrainer()];
        foreach (var trainer in trainers)
        {
            long tp = 0, tn = 0, fp = 0, fn = 0;
            long insideTp = 0, insideFp = 0, insideFn = 0;
            var clock = Stopwatch.StartNew();
            foreach (var file in files)
            {
                var (channels, rows, anomaly) = Read(file);
                var steps = Window(channels, rows).Size;
                var train = Windows(channels, rows, 0, TrainRows, steps);
                var options = Options(trainer, train.Count, threads, seed);
                var model = (DeepAutoencoderModel)await trainer.FitAsync(train, options, new LocalTrainingContext());
                var test = Windows(channels, rows, TrainRows, rows.Length, steps);
                Console.Error.WriteLine($"{trainer.Kind} {Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileName(file)}: window {steps}, {clock.Elapsed.TotalSeconds:F0} s");
                var flagged = model.Predict(test).Select(p => p.IsAnomaly).ToArray();
                var testRows = rows.Length - TrainRows;
                for (var i = 0; i < testRows; i++)
                {
                    var outlier = i >= steps - 1 && i < testRows - steps + 1
                        && Enumerable.Range(i - steps + 1, steps - 1).All(s => flagged[s]);
                    var truth = anomaly[TrainRows + i];
                    // The rule cannot flag the first and last w − 1 test rows, so longer windows leave more rows normal by
                    // construction; "inside" counts only rows the longest window (128) can judge, the same rows for any w.
                    if (i >= InsideMargin && i < testRows - InsideMargin)
                    {
                        if (outlier && truth) insideTp++;
                        else if (outlier) insideFp++;
                        else if (truth) insideFn++;
                    }
                    if (outlier && truth) tp++;
                    else if (outlier) fp++;
                    else if (truth) fn++;
                    else tn++;
                }
            }
            var f1 = tp / (tp + (fp + fn) / 2.0);
            var insideF1 = insideTp / (insideTp + (insideFp + insideFn) / 2.0);
            var far = fp * 100.0 / (fp + tn);
            var mar = fn * 100.0 / (fn + tp);
            Console.WriteLine($"| {trainer.Kind} | {f1:F3} | {far:F2} | {mar:F2} | {tp} | {tn} | {fp} | {fn} | {insideF1:F3} | {clock.Elapsed.TotalSeconds:F1} |");
        }
        Console.WriteLine();
    }

    private static WindowSet Windows(string[] channels, float[][] rows, int from, int to, int steps)
    {
        var count = to - from - steps + 1;
        var values = new float[count * channels.Length * steps];
        for (var w = 0; w < count; w++)
            for (var c = 0; c < channels.Length; c++)
                for (var t = 0; t < steps; t++)
                    values[(w * channels.Length + c) * steps + t] = rows[from + w + t][c];
        var starts = Enumerable.Range(0, count).Select(i => new DateTime(2020, 3, 9).AddSeconds(from + i)).ToArray();
        return new WindowSet(channels, steps, values, starts);
    }

    private static (string[] Channels, float[][] Rows, bool[] Anomaly) Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(';');
        var anomalyColumn = Array.IndexOf(header, "anomaly");
        var features = Enumerable.Range(1, header.Length - 1).Where(i => header[i] is not ("anomaly" or "changepoint")).ToArray();
        var rows = new float[lines.Length - 1][];
        var anomaly = new bool[lines.Length - 1];
        for (var r = 1; r < lines.Length; r++)
        {
            var cells = lines[r].Split(';');
            rows[r - 1] = features.Select(i => float.Parse(cells[i], CultureInfo.InvariantCulture)).ToArray();
            anomaly[r - 1] = double.Parse(cells[anomalyColumn], CultureInfo.InvariantCulture) > 0.5;
        }
        return (features.Select(i => header[i]).ToArray(), rows, anomaly);
    }
}
