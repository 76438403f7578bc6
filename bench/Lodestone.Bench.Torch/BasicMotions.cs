using System.Diagnostics;
using System.Globalization;
using Lodestone.Torch.Trainers;
using Lodestone.Trainers;

namespace Lodestone.Bench.Torch;

/// <summary>BasicMotions (UEA): test accuracy of every deep classifier trained on the 40 training cases.</summary>
internal static class BasicMotions
{
    public static async Task Run(int threads)
    {
        Console.WriteLine("## BasicMotions: 40 train / 40 test, 6 channels × 100 steps, 4 classes");
        var folder = DatasetFolder.Find("basicmotions");
        if (folder is null)
        {
            Console.WriteLine("skipped: shared/datasets/basicmotions not found");
            return;
        }
        var train = Read(Path.Combine(folder, "BasicMotions_TRAIN.ts"));
        var test = Read(Path.Combine(folder, "BasicMotions_TEST.ts"));
        Console.WriteLine("| kind | test accuracy | epochs run | fit seconds |");
        Console.WriteLine("|---|---|---|---|");
        ITrainer[] trainers = [new CnnClassifierTrainer(), new LstmClassifierTrainer(), new GruClassifierTrainer(), new TransformerClassifierTrainer()];
        foreach (var trainer in trainers)
        {
            var options = (DeepClassifierOptions)trainer.CreateDefaultOptions();
            options.Epochs = 100;
            options.Threads = threads;
            var context = new LocalTrainingContext();
            var clock = Stopwatch.StartNew();
            var model = await trainer.FitAsync(train, options, context);
            var seconds = clock.Elapsed.TotalSeconds;
            var predictions = model.Predict(test);
            var correct = predictions.Where((p, i) => p.Labels![0] == test.Labels[i]!.Keys.Single()).Count();
            Console.WriteLine($"| {trainer.Kind} | {correct / (double)test.Count:F3} | {context.Progress.Completed} | {seconds:F1} |");
        }
        Console.WriteLine();
    }

    /// <summary>Reads the .ts format: header lines start with # or @; then one case per line, channels split by ':', label last.</summary>
    internal static WindowSet Read(string path)
    {
        var cases = new List<(float[][] Channels, string Label)>();
        var inData = false;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('@'))
            {
                inData |= line.Equals("@data", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            if (!inData) continue;
            var parts = line.Split(':');
            var channels = parts[..^1].Select(p => p.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            cases.Add((channels, parts[^1]));
        }
        var channelCount = cases[0].Channels.Length;
        var length = cases[0].Channels[0].Length;
        var values = new float[cases.Count * channelCount * length];
        for (var w = 0; w < cases.Count; w++)
            for (var c = 0; c < channelCount; c++)
                cases[w].Channels[c].CopyTo(values, (w * channelCount + c) * length);
        var names = Enumerable.Range(0, channelCount).Select(c => $"dim_{c}").ToList();
        var starts = Enumerable.Range(0, cases.Count).Select(i => new DateTime(2026, 1, 1).AddMinutes(i)).ToArray();
        var labels = cases.Select(c => (IReadOnlyDictionary<string, float>?)new Dictionary<string, float> { [c.Label] = 1 }).ToArray();
        return new WindowSet(names, length, values, starts, labels);
    }
}
