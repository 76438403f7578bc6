using System.Diagnostics;
using System.Text.Json;
using Lodestone.Torch.Trainers;
using Lodestone.Trainers;

namespace Lodestone.Bench.Torch;

/// <summary>
/// Epoch time of the same LSTM classifier (3 channels × 128 steps, hidden 64, one layer, 2,000 windows, batch 64,
/// Adam, gradient clipping) through our trainer in TorchSharp and in Debian's PyTorch, with the same thread count.
/// </summary>
internal static class LstmThroughput
{
    public static async Task Run(int threads, int epochs, int rounds)
    {
        Console.WriteLine($"## LSTM epoch: 2,000 windows × 3 channels × 128 steps, hidden 64, batch 64, {threads} threads");
        Console.WriteLine($"{rounds} rounds of {epochs} epochs each side, alternating, so that both meet the same load on shared cores");
        var data = Windows();
        var ours = new List<double>();
        var theirs = new List<double>();
        string? version = null;
        for (var round = 1; round <= rounds; round++)
        {
            var options = new DeepClassifierOptions
            {
                Epochs = epochs, BatchSize = 64, HiddenSize = 64, Layers = 1, Dropout = 0, LearningRate = 1e-3,
                Threads = threads, ValidationFraction = 0, EarlyStoppingPatience = 0,
            };
            var context = new LocalTrainingContext();
            await new LstmClassifierTrainer().FitAsync(data, options, context);
            // The first epoch of each side warms caches and allocators; it is left out.
            var roundOurs = Enumerable.Range(1, epochs).Select(e => context.Metrics[("epoch_time_seconds", e)]).ToArray();
            ours.AddRange(roundOurs.Skip(1));
            Console.WriteLine($"round {round} TorchSharp epochs (s): {string.Join(" ", roundOurs.Select(s => s.ToString("F3")))}");

            var peer = await Peer(threads, epochs);
            if (peer is null) return;
            version = peer.Value.Version;
            theirs.AddRange(peer.Value.Seconds.Skip(1));
            Console.WriteLine($"round {round} PyTorch {version} epochs (s): {string.Join(" ", peer.Value.Seconds.Select(s => s.ToString("F3")))}");
        }
        Console.WriteLine($"fastest epoch: TorchSharp {ours.Min():F3} s, PyTorch {theirs.Min():F3} s; throughput TorchSharp/PyTorch = {theirs.Min() / ours.Min():F2}×");
        Console.WriteLine($"median epoch:  TorchSharp {Median(ours):F3} s, PyTorch {Median(theirs):F3} s; throughput TorchSharp/PyTorch = {Median(theirs) / Median(ours):F2}×");
        Console.WriteLine();
    }

    private static async Task<(string Version, double[] Seconds)?> Peer(int threads, int epochs)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "lstm_epoch.py");
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, threads.ToString(), epochs.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        if (python.ExitCode != 0)
        {
            Console.WriteLine($"PyTorch peer failed (apt-get install -y python3-torch): {(await errors).Trim()}");
            return null;
        }
        using var json = JsonDocument.Parse(await output);
        return (json.RootElement.GetProperty("torch").GetString()!,
            json.RootElement.GetProperty("epoch_seconds").EnumerateArray().Select(e => e.GetDouble()).ToArray());
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static WindowSet Windows()
    {
        const int count = 2000, channels = 3, steps = 128;
        var random = new Random(42);
        var values = new float[count * channels * steps];
        var labels = new IReadOnlyDictionary<string, float>?[count];
        for (var w = 0; w < count; w++)
        {
            var label = random.Next(2);
            var period = label == 0 ? 16.0 : 24.0;
            var phase = random.NextDouble() * 6.28;
            for (var c = 0; c < channels; c++)
                for (var t = 0; t < steps; t++)
                    values[(w * channels + c) * steps + t] = (float)(Math.Sin(2 * Math.PI * t / period + phase) + 0.1 * (random.NextDouble() * 2 - 1));
            labels[w] = new Dictionary<string, float> { [label == 0 ? "fast" : "slow"] = 1 };
        }
        var starts = Enumerable.Range(0, count).Select(i => new DateTime(2026, 1, 1).AddSeconds(i)).ToArray();
        return new WindowSet(["x", "y", "z"], steps, values, starts, labels);
    }
}
