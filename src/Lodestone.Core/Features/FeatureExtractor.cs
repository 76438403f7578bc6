using System.Numerics;
using Lodestone.Trainers;

namespace Lodestone.Features;

/// <summary>
/// Turns a <see cref="WindowSet"/> into a <see cref="FeatureMatrix"/>: per channel (and for |B| when b_x, b_y and b_z are
/// present) the statistics of <see cref="SignalFeatures.StatisticNames"/>, and, for windows of at least
/// <see cref="MinimumSpectralLength"/> samples, log band energies and the dominant frequency. Columns are named
/// <c>{channel}.{feature}</c>. The extractor is a plain settings record so a trained model can save and rebuild it.
/// </summary>
public sealed record FeatureExtractor(int Bands = 4, bool Magnitude = true)
{
    public const int MinimumSpectralLength = 8;
    public const string MagnitudeChannel = "|B|";

    private static readonly string[] MagneticAxes = ["b_x", "b_y", "b_z"];

    /// <summary>The channels features are computed for: the window's channels, then |B| when the three axes are present.</summary>
    public IReadOnlyList<string> FeatureChannels(IReadOnlyList<string> channels) =>
        MagnitudeAxes(channels) is not null ? [.. channels, MagnitudeChannel] : channels;

    public IReadOnlyList<string> ColumnNames(IReadOnlyList<string> channels, int length)
    {
        var perChannel = SignalFeatures.StatisticNames.ToList();
        if (length >= MinimumSpectralLength) perChannel.AddRange(SignalFeatures.SpectralNames(Bands));
        return FeatureChannels(channels).SelectMany(c => perChannel.Select(f => $"{c}.{f}")).ToList();
    }

    public FeatureMatrix Extract(WindowSet windows)
    {
        var names = ColumnNames(windows.Channels, windows.Length);
        var columns = names.Count;
        var values = new float[windows.Count * columns];
        var axes = MagnitudeAxes(windows.Channels);
        var spectral = windows.Length >= MinimumSpectralLength;
        var statistics = SignalFeatures.StatisticNames.Count;
        var perChannel = statistics + (spectral ? Bands + 1 : 0);
        Parallel.For(0, windows.Count,
            () => (Fft: new Complex[windows.Length], Magnitude: new float[windows.Length]),
            (w, _, buffers) =>
            {
                var row = values.AsSpan(w * columns, columns);
                for (var c = 0; c < windows.Channels.Count; c++)
                    Describe(windows.Series(w, c), row.Slice(c * perChannel, perChannel), windows.SampleRateHz, spectral, buffers.Fft);
                if (axes is { } a)
                {
                    var x = windows.Series(w, a[0]);
                    var y = windows.Series(w, a[1]);
                    var z = windows.Series(w, a[2]);
                    for (var t = 0; t < windows.Length; t++)
                        buffers.Magnitude[t] = MathF.Sqrt(x[t] * x[t] + y[t] * y[t] + z[t] * z[t]);
                    Describe(buffers.Magnitude, row.Slice(windows.Channels.Count * perChannel, perChannel), windows.SampleRateHz, spectral, buffers.Fft);
                }
                return buffers;
            },
            _ => { });
        return new FeatureMatrix(names, values);
    }

    private void Describe(ReadOnlySpan<float> series, Span<float> destination, double rate, bool spectral, Complex[] fft)
    {
        var statistics = SignalFeatures.StatisticNames.Count;
        SignalFeatures.ComputeStatistics(series, destination[..statistics]);
        if (spectral) SignalFeatures.ComputeSpectrum(series, rate, Bands, fft, destination[statistics..]);
    }

    private int[]? MagnitudeAxes(IReadOnlyList<string> channels)
    {
        if (!Magnitude) return null;
        var indices = MagneticAxes.Select(axis => channels.ToList().FindIndex(c => string.Equals(c, axis, StringComparison.OrdinalIgnoreCase))).ToArray();
        return indices.All(i => i >= 0) ? indices : null;
    }
}
