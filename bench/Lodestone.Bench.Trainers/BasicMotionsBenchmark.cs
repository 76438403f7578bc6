using System.Diagnostics;
using System.Globalization;
using Lodestone.Evaluation;
using Lodestone.Trainers;
using Lodestone.Trainers.Classification;

namespace Lodestone.Bench.Trainers;

/// <summary>BasicMotions (UEA): 6 channels × 100 samples at 10 Hz, 4 classes, 40 train and 40 test cases.</summary>
internal static class BasicMotionsBenchmark
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
            Console.WriteLine($"| {name} ({options.Iterations} it, lr {options.LearningRate}, {options.Leaves} leaves) | {m.Accuracy:0.000} | {m.MacroF1:0.000} | {m.MacroRocAuc:0.000} | {m.ExpectedCalibrationError:0.000} | {fitSeconds:0.00} |");
        }
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
}
