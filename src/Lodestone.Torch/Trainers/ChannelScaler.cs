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
            double sum = 0, squares = 0;
            long count = 0;
            for (var w = 0; w < data.Count; w++)
                foreach (var v in data.Series(w, c))
                {
                    sum += v;
                    squares += (double)v * v;
                    count++;
                }
            mean[c] = count > 0 ? sum / count : 0;
            var variance = count > 0 ? squares / count - mean[c] * mean[c] : 0;
            // A constant channel would divide by zero; leave it centred instead.
            std[c] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
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
