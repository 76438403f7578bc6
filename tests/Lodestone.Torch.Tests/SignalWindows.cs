using Lodestone.Trainers;

namespace Lodestone.Torch;

/// <summary>Small labelled window sets of simple waveforms that any working network separates in a few epochs.</summary>
internal static class SignalWindows
{
    public static readonly string[] Channels = ["x", "y"];

    /// <summary>Windows of a sine, a square or a triangle wave with random period, phase and noise, or loud uniform noise; the second channel is a scaled copy.</summary>
    public static WindowSet Make(int count, int length, int seed, params string[] shapes)
    {
        var random = new Random(seed);
        var values = new float[count * Channels.Length * length];
        var labels = new IReadOnlyDictionary<string, float>?[count];
        var starts = new DateTime[count];
        for (var w = 0; w < count; w++)
        {
            var shape = shapes[w % shapes.Length];
            var period = 8 + random.NextDouble() * 8;
            var phase = random.NextDouble() * 2 * Math.PI;
            for (var t = 0; t < length; t++)
            {
                var angle = 2 * Math.PI * t / period + phase;
                var sine = Math.Sin(angle);
                var v = shape switch
                {
                    "square" => Math.Sign(sine),
                    "triangle" => 2 / Math.PI * Math.Asin(sine),
                    "noise" => random.NextDouble() * 8 - 4,
                    _ => sine,
                } + random.NextDouble() * 0.1;
                values[(w * 2 + 0) * length + t] = (float)v;
                values[(w * 2 + 1) * length + t] = (float)(0.5 * v + 3);
            }
            labels[w] = new Dictionary<string, float> { [shape] = 1f };
            starts[w] = new DateTime(2026, 1, 1).AddMinutes(w);
        }
        return new WindowSet(Channels, length, values, starts, labels);
    }

    public static double Accuracy(IReadOnlyList<Prediction> predictions, WindowSet data) =>
        predictions.Select((p, i) => p.Labels![0] == data.Labels[i]!.Keys.Single()).Count(ok => ok) / (double)data.Count;
}
