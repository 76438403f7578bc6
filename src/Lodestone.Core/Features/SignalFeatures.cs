using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Lodestone.Features;

/// <summary>
/// Summary statistics and spectral features of one series (one channel of one window). Statistics are population
/// statistics; kurtosis is excess kurtosis (0 for a normal distribution); both are 0 for a constant series.
/// </summary>
public static class SignalFeatures
{
    /// <summary>The statistics in the order <see cref="ComputeStatistics"/> writes them.</summary>
    public static readonly IReadOnlyList<string> StatisticNames =
        ["mean", "std", "min", "max", "rms", "p2p", "skewness", "kurtosis", "zcr"];

    public static void ComputeStatistics(ReadOnlySpan<float> x, Span<float> destination)
    {
        var n = x.Length;
        double sum = 0, sumSquares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in x)
        {
            sum += v;
            sumSquares += (double)v * v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        var mean = sum / n;
        double m2 = 0, m3 = 0, m4 = 0;
        var crossings = 0;
        var previousSign = 0;
        foreach (var v in x)
        {
            var d = v - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
            // Crossings around the mean: a sign change between consecutive non-zero deviations.
            var sign = Math.Sign(d);
            if (sign != 0)
            {
                if (previousSign != 0 && sign != previousSign) crossings++;
                previousSign = sign;
            }
        }
        m2 /= n; m3 /= n; m4 /= n;
        // A relative floor keeps float noise on a constant series from producing huge moments.
        var flat = m2 <= 1e-12 * Math.Max(1, mean * mean);
        destination[0] = (float)mean;
        destination[1] = (float)Math.Sqrt(m2);
        destination[2] = (float)min;
        destination[3] = (float)max;
        destination[4] = (float)Math.Sqrt(sumSquares / n);
        destination[5] = (float)(max - min);
        destination[6] = flat ? 0 : (float)(m3 / Math.Pow(m2, 1.5));
        destination[7] = flat ? 0 : (float)(m4 / (m2 * m2) - 3);
        destination[8] = n > 1 ? (float)crossings / (n - 1) : 0;
    }

    /// <summary>Names of the spectral features: one log energy per band, then the dominant frequency.</summary>
    public static IReadOnlyList<string> SpectralNames(int bands) =>
        [.. Enumerable.Range(0, bands).Select(b => $"band{b}"), "dominant_hz"];

    /// <summary>
    /// Band energies (log10 of 1 + mean power in each of <paramref name="bands"/> log-spaced bands between the lowest
    /// non-zero frequency and Nyquist) and the dominant frequency in Hz (cycles per sample when the rate is unknown).
    /// The mean is removed first, so a constant offset adds no energy. <paramref name="buffer"/> must hold exactly x.Length items (the FFT runs in place over all of it).
    /// </summary>
    public static void ComputeSpectrum(ReadOnlySpan<float> x, double sampleRateHz, int bands, Complex[] buffer, Span<float> destination)
    {
        var n = x.Length;
        if (buffer.Length != n) throw new ArgumentException("The buffer must be as long as the series.", nameof(buffer));
        var rate = sampleRateHz > 0 ? sampleRateHz : 1.0;
        double mean = 0;
        foreach (var v in x) mean += v;
        mean /= n;
        for (var i = 0; i < n; i++) buffer[i] = new Complex(x[i] - mean, 0);
        Fourier.Forward(buffer, FourierOptions.Matlab);
        var half = n / 2;
        var lowest = rate / n;
        var nyquist = rate * half / n;
        var ratio = nyquist / lowest;
        Span<double> energy = stackalloc double[bands];
        Span<int> counts = stackalloc int[bands];
        energy.Clear();
        counts.Clear();
        double best = -1;
        var bestBin = 0;
        for (var k = 1; k <= half; k++)
        {
            var power = buffer[k].Magnitude * buffer[k].Magnitude / ((double)n * n);
            if (power > best) { best = power; bestBin = k; }
            var band = ratio <= 1 ? 0 : (int)(Math.Log(k * rate / n / lowest) / Math.Log(ratio) * bands);
            band = Math.Clamp(band, 0, bands - 1);
            energy[band] += power;
            counts[band]++;
        }
        for (var b = 0; b < bands; b++)
            destination[b] = (float)Math.Log10(1 + (counts[b] > 0 ? energy[b] / counts[b] : 0));
        destination[bands] = best > 1e-20 ? (float)(bestBin * rate / n) : 0;
    }
}
