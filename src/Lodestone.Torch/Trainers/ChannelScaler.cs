using Lodestone.Trainers;

namespace Lodestone.Torch.Trainers;

/// <summary>Per-channel standardisation fitted on training windows and saved with the model.</summary>
public sealed record ChannelScaler(double[] Mean, double[] Std)
{
    public static ChannelScaler Fit(WindowSet data)
    {
        var channels = data.Channels.Count;
        var mean = new double[channels];
        var std = new double[channels];
        for (var c = 0; c < channels; c++)
        {
            double sum = 0;
            long count = 0;
            for (var w = 0; w < data.Count; w++)
                foreach (var v in data.Series(w, c))
                {
                    sum += v;
                    count++;
                }
            mean[c] = count > 0 ? sum / count : 0;
            // Two passes: E[x²] − E[x]² cancels badly for a large, nearly constant channel and can invent a tiny spread.
            double squares = 0;
            for (var w = 0; w < data.Count; w++)
                foreach (var v in data.Series(w, c))
                    squares += (v - mean[c]) * (v - mean[c]);
            var deviation = count > 0 ? Math.Sqrt(squares / count) : 0;
            // A channel constant up to float rounding would be blown up by dividing by its spread; leave it centred instead.
            std[c] = deviation > 1e-6 * Math.Max(1, Math.Abs(mean[c])) ? deviation : 1;
        }
        return new ChannelScaler(mean, std);
    }

    /// <summary>The standardised values of the chosen windows, in the same window-major layout.</summary>
    public float[] Transform(WindowSet data, IReadOnlyList<int> windows)
    {
        var channels = data.Channels.Count;
        var result = new float[windows.Count * channels * data.Length];
        for (var i = 0; i < windows.Count; i++)
            for (var c = 0; c < channels; c++)
            {
                var source = data.Series(windows[i], c);
                var offset = (i * channels + c) * data.Length;
                var mean = Mean[c];
                var scale = 1 / Std[c];
                for (var t = 0; t < source.Length; t++)
                    result[offset + t] = (float)((source[t] - mean) * scale);
            }
        return result;
    }
}
