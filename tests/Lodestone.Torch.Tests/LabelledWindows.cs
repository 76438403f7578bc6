using Lodestone.Trainers;

namespace Lodestone.Torch;

/// <summary>Synthetic window sets for multi-label and imbalanced classification.</summary>
internal static class LabelledWindows
{
    public static readonly string[] Channels = ["x", "y"];

    /// <summary>
    /// Windows that may carry a hum (a sine on x), a knock (a square wave on y), both, or neither ("quiet"), in turn;
    /// noise everywhere. Hum and knock overlap on every fourth window, so the set is multi-label.
    /// </summary>
    public static WindowSet HumAndKnock(int count, int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * Channels.Length * length];
        var labels = new IReadOnlyDictionary<string, float>?[count];
        for (var w = 0; w < count; w++)
        {
            var hum = w % 4 is 0 or 2;
            var knock = w % 4 is 1 or 2;
            var humPeriod = 6 + random.NextDouble() * 6;
            var knockPeriod = 10 + random.NextDouble() * 10;
            var phase = random.NextDouble() * 2 * Math.PI;
            for (var t = 0; t < length; t++)
            {
                var x = (hum ? Math.Sin(2 * Math.PI * t / humPeriod + phase) : 0) + Noise(random, 0.3);
                var y = (knock ? Math.Sign(Math.Sin(2 * Math.PI * t / knockPeriod + phase)) : 0) + Noise(random, 0.3);
                values[(w * 2 + 0) * length + t] = (float)x;
                values[(w * 2 + 1) * length + t] = (float)y;
            }
            var set = new Dictionary<string, float>();
            if (hum) set["hum"] = 1f;
            if (knock) set["knock"] = 1f;
            if (set.Count == 0) set["quiet"] = 1f;
            labels[w] = set;
        }
        return new WindowSet(Channels, length, values, Starts(count), labels);
    }

    /// <summary>
    /// Sines whose amplitude tells the class: "normal" around 1 on most windows, "worn" around 1.6 on one window in
    /// <paramref name="every"/>; the amplitudes overlap, so a model that ignores the rare class misses many of its windows.
    /// </summary>
    public static WindowSet Imbalanced(int count, int length, int seed, int every)
    {
        var random = new Random(seed);
        var values = new float[count * Channels.Length * length];
        var labels = new IReadOnlyDictionary<string, float>?[count];
        for (var w = 0; w < count; w++)
        {
            var worn = w % every == 0;
            var amplitude = (worn ? 1.6 : 1.0) + Noise(random, 0.25);
            var period = 8 + random.NextDouble() * 8;
            var phase = random.NextDouble() * 2 * Math.PI;
            for (var t = 0; t < length; t++)
            {
                var v = amplitude * Math.Sin(2 * Math.PI * t / period + phase) + Noise(random, 0.1);
                values[(w * 2 + 0) * length + t] = (float)v;
                values[(w * 2 + 1) * length + t] = (float)(0.5 * v);
            }
            labels[w] = new Dictionary<string, float> { [worn ? "worn" : "normal"] = 1f };
        }
        return new WindowSet(Channels, length, values, Starts(count), labels);
    }

    /// <summary>Share of the windows truly labelled <paramref name="label"/> that the predictions label so.</summary>
    public static double Recall(IReadOnlyList<Prediction> predictions, WindowSet data, string label)
    {
        var positives = Enumerable.Range(0, data.Count).Where(i => data.Labels[i]!.ContainsKey(label)).ToList();
        return positives.Count(i => predictions[i].Labels!.Contains(label)) / (double)positives.Count;
    }

    private static DateTime[] Starts(int count) => Enumerable.Range(0, count).Select(i => new DateTime(2026, 1, 1).AddMinutes(i)).ToArray();

    /// <summary>Gaussian noise (Box–Muller), so that amplitudes overlap as measurements do.</summary>
    private static double Noise(Random random, double deviation) =>
        deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
