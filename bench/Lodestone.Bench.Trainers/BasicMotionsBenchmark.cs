using System.Diagnostics;
using System.Globalization;
using Lodestone.Evaluation;
using Lodestone.Trainers;
using Lodestone.Trainers.Classification;

namespace Lodestone.Bench.Trainers;

/// <summary>BasicMotions (UEA): 6 channels × 100 samples at 10 Hz, 4 classes, 40 train and 40 test cases.</summary>
internal static partial class BasicMotionsBenchmark
{
    public static readonly string[] Channels = ["acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"];

    public static void Run(string folder)
    {
        var train = Read(Path.Combine(folder, "BasicMotions_TRAIN.ts"));
        var test = Read(Path.Combine(folder, "BasicMotions_TEST.ts"));
        Console.WriteLine("| classifier | test accuracy | macro F1 | macro ROC-AUC | ECE | fit s |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, options) in new (string, LightGbmOptions)[]
        {
            ("LightGBM, defaults", new LightGbmOptions()),
            ("LightGBM, suggested for 40 windows", (LightGbmOptions)TrainerSuggestions.ForLightGbm(train).Options),
        })
        {
            var watch = Stopwatch.StartNew();
            var model = new LightGbmTrainer().Fit(train, options, new LocalTrainingContext());
            var fitSeconds = watch.Elapsed.TotalSeconds;
            var probabilities = model.Probabilities(test);
            var truth = test.Labels.Select(l => model.Classes.ToList().IndexOf(l!.Keys.Single())).ToArray();
            var m = ClassificationMetrics.Evaluate(model.Classes, truth, probabilities);
            Console.WriteLine($"| {name} ({options.Iterations} it, lr {options.LearningRate}, {options.Leaves} leaves, features {options.FeatureFraction}, rows {options.RowFraction}) | {m.Accuracy:0.000} | {m.MacroF1:0.000} | {m.MacroRocAuc:0.000} | {m.ExpectedCalibrationError:0.000} | {fitSeconds:0.00} |");
        }
        // Feature and row sampling make the suggested model depend on its seed: the accuracy over seeds 0–9.
        var accuracies = Enumerable.Range(0, 10).Select(seed =>
        {
            var options = (LightGbmOptions)TrainerSuggestions.ForLightGbm(train).Options;
            options.Seed = seed;
            var model = new LightGbmTrainer().Fit(train, options, new LocalTrainingContext());
            var truth = test.Labels.Select(l => model.Classes.ToList().IndexOf(l!.Keys.Single())).ToArray();
            return ClassificationMetrics.Evaluate(model.Classes, truth, model.Probabilities(test)).Accuracy;
        }).ToArray();
        Console.WriteLine($"\nSuggested settings over seeds 0–9: test accuracy mean {accuracies.Average():0.000}, min {accuracies.Min():0.000}, max {accuracies.Max():0.000}");
    }

    /// <summary>
    /// Seconds per fit on the 40 training windows (wall and process CPU), median of 15 after a warm-up fit, with and without the validation part
    /// (without it the model is the one fitted before learning curves existed, so the difference is the curve's cost).
    /// </summary>
    public static void FitTime(string folder)
    {
        var train = Read(Path.Combine(folder, "BasicMotions_TRAIN.ts"));
        Console.WriteLine("| options | validation fraction | median fit s | min fit s | median CPU s | curve points | median replay ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        new LightGbmTrainer().Fit(train, new LightGbmOptions(), new LocalTrainingContext());
        foreach (var (name, make) in new (string, Func<LightGbmOptions>)[]
        {
            ("defaults (100 it)", () => new LightGbmOptions()),
            ("suggested (300 it)", () => (LightGbmOptions)TrainerSuggestions.ForLightGbm(train).Options),
        })
            foreach (var fraction in new[] { 0.2, 0.0 })
            {
                var context = new LocalTrainingContext();
                var cpu = new List<double>();
                var replay = new List<double>();
                var seconds = Enumerable.Range(0, 15).Select(_ =>
                {
                    var options = make();
                    options.ValidationFraction = fraction;
                    context = new LocalTrainingContext();
                    var process = Process.GetCurrentProcess();
                    var used = process.TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    new LightGbmTrainer().Fit(train, options, context);
                    process.Refresh();
                    cpu.Add((process.TotalProcessorTime - used).TotalSeconds);
                    replay.AddRange(context.Logs.Select(l => ReplayMilliseconds().Match(l.Message)).Where(m => m.Success)
                        .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
                    return watch.Elapsed.TotalSeconds;
                }).Order().ToArray();
                Console.WriteLine($"| {name} | {fraction} | {seconds[seconds.Length / 2]:0.000} | {seconds[0]:0.000} | {cpu.Order().ElementAt(cpu.Count / 2):0.000} | {context.Metrics.Keys.Count(k => k.Key == "loss")} | {(replay.Count > 0 ? replay.Order().ElementAt(replay.Count / 2) : double.NaN):0.0} |");
            }
    }

    /// <summary>
    /// The same on a larger real set: every SKAB valve file cut into overlapping windows (10 rows, stride 5), labelled
    /// anomaly or normal by majority, one dataset per file; 300 rounds, so the replay runs on worker threads. Median of 3.
    /// </summary>
    public static void SkabFitTime(string skabFolder)
    {
        var data = SkabWindows(skabFolder, length: 10, stride: 5);
        Console.WriteLine($"\nSKAB windows: {data.Count} windows of 10 rows × {data.Channels.Count} channels, 20 datasets.\n");
        Console.WriteLine("| validation fraction | median fit s | rounds | median replay ms |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var fraction in new[] { 0.2, 0.0 })
        {
            var runs = Enumerable.Range(0, 3).Select(_ =>
            {
                var context = new LocalTrainingContext();
                var watch = Stopwatch.StartNew();
                new LightGbmTrainer().Fit(data, new LightGbmOptions { Iterations = 300, ValidationFraction = fraction }, context);
                var seconds = watch.Elapsed.TotalSeconds;
                var replay = context.Logs.Select(l => ReplayMilliseconds().Match(l.Message)).Where(m => m.Success)
                    .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(double.NaN).Single();
                return (Seconds: seconds, Replay: replay, Rounds: context.Metrics.Keys.Where(k => k.Key == "loss").Max(k => k.Step));
            }).OrderBy(r => r.Seconds).ToArray();
            var median = runs[runs.Length / 2];
            Console.WriteLine($"| {fraction} | {median.Seconds:0.00} | {median.Rounds} | {runs.Select(r => r.Replay).Order().ElementAt(1):0} |");
        }
    }

    private static WindowSet SkabWindows(string skabFolder, int length, int stride)
    {
        var files = SkabFile.List(skabFolder).Select(SkabFile.Read).ToList();
        var values = new List<float>();
        var starts = new List<DateTime>();
        var labels = new List<IReadOnlyDictionary<string, float>?>();
        var datasets = new List<Guid>();
        foreach (var file in files)
        {
            var dataset = Guid.NewGuid();
            for (var start = 0; start + length <= file.Rows; start += stride)
            {
                foreach (var channel in file.Series) values.AddRange(channel.AsSpan(start, length).ToArray());
                starts.Add(file.Times[start]);
                var anomalous = Enumerable.Range(start, length).Count(r => file.Anomaly[r]) * 2 > length;
                labels.Add(new Dictionary<string, float> { [anomalous ? "anomaly" : "normal"] = 1 });
                datasets.Add(dataset);
            }
        }
        return new WindowSet(files[0].Channels, length, [.. values], [.. starts], [.. labels], [.. datasets]) { SampleRateHz = 1 };
    }

    /// <summary>
    /// A grid over the settings that matter for a few dozen windows, judged by 5-fold cross-validation on the 40 training
    /// cases (stratified: two of each class per fold), so that the setting is chosen without looking at the test set;
    /// the test accuracy is printed beside it.
    /// </summary>
    public static void Grid(string folder)
    {
        var train = Read(Path.Combine(folder, "BasicMotions_TRAIN.ts"));
        var test = Read(Path.Combine(folder, "BasicMotions_TEST.ts"));
        var classOf = train.Labels.Select(l => l!.Keys.Single()).ToArray();
        var rank = classOf.Select((c, i) => classOf.Take(i).Count(x => x == c)).ToArray(); // position within its class
        Console.WriteLine("| iterations | learning rate | leaves | feature fraction | row fraction | CV accuracy (train) | test accuracy | test log loss |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (iterations, rate) in new[] { (100, 0.1), (300, 0.05) })
            foreach (var features in new[] { 1.0, 0.5, 0.2 })
                foreach (var rows in new[] { 1.0, 0.7 })
                {
                    var options = new LightGbmOptions { Iterations = iterations, LearningRate = rate, Leaves = 4, MinimumWindowsPerLeaf = 2, FeatureFraction = features, RowFraction = rows };
                    var folds = Enumerable.Range(0, 5).Select(k =>
                    {
                        var held = Enumerable.Range(0, train.Count).Where(i => rank[i] % 5 == k).ToArray();
                        var kept = Enumerable.Range(0, train.Count).Where(i => rank[i] % 5 != k).ToArray();
                        return Accuracy(new LightGbmTrainer().Fit(train.Select(kept), options, new LocalTrainingContext()), train.Select(held)).Accuracy;
                    }).Average();
                    var (accuracy, logLoss) = Accuracy(new LightGbmTrainer().Fit(train, options, new LocalTrainingContext()), test);
                    Console.WriteLine($"| {iterations} | {rate} | 4 | {features} | {rows} | {folds:0.000} | {accuracy:0.000} | {logLoss:0.000} |");
                }
    }

    private static (double Accuracy, double LogLoss) Accuracy(LightGbmModel model, WindowSet data)
    {
        var probabilities = model.Probabilities(data);
        var truth = data.Labels.Select(l => model.Classes.ToList().IndexOf(l!.Keys.Single())).ToArray();
        var m = ClassificationMetrics.Evaluate(model.Classes, truth, probabilities);
        return (m.Accuracy, -truth.Select((t, i) => Math.Log(Math.Max(probabilities[i][t], 1e-15))).Average());
    }

    /// <summary>Reads a .ts file: after <c>@data</c>, one case per line, channels split by ':', values by ',', label last.</summary>
    public static WindowSet Read(string path)
    {
        var cases = File.ReadLines(path).SkipWhile(l => !l.Trim().Equals("@data", StringComparison.OrdinalIgnoreCase)).Skip(1)
            .Where(l => l.Trim().Length > 0).Select(l => l.Split(':')).ToList();
        var length = cases[0][0].Split(',').Length;
        var values = new List<float>();
        var labels = new List<IReadOnlyDictionary<string, float>?>();
        foreach (var parts in cases)
        {
            foreach (var channel in parts[..^1])
                values.AddRange(channel.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)));
            labels.Add(new Dictionary<string, float> { [parts[^1].Trim()] = 1f });
        }
        var starts = Enumerable.Range(0, cases.Count).Select(i => DateTime.UnixEpoch.AddSeconds(i * 10)).ToArray();
        return new WindowSet(Channels, length, [.. values], starts, [.. labels]) { SampleRateHz = 10 };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"replayed for the learning curve in ([0-9.]+) ms")]
    private static partial System.Text.RegularExpressions.Regex ReplayMilliseconds();
}
