namespace Lodestone.Features;

/// <summary>
/// How long a channel remembers its past, in samples: the first lag at which its autocorrelation falls below 1/e (its
/// e-folding time). A window much shorter than that sees the channel as little more than a level; a window that spans
/// it sees how the channel moves. Slow process data need this, because their sampling rate says nothing about how fast
/// the process changes: a 1 Hz pressure may forget its past in a second, a temperature on the same logger in a minute.
/// </summary>
public sealed record ChannelMemory(string Channel, int Samples)
{
    /// <summary>Samples read per channel and dataset: at 1 Hz four and a half hours, enough to see lags of minutes.</summary>
    public const int MaxSamplesPerSeries = 16_384;

    /// <summary>
    /// The first lag at which the autocorrelation of <paramref name="segments"/> (recordings of one channel, each about its
    /// own mean, pooled) falls below 1/e; <paramref name="maxLag"/> when it has not by then (a trend or drift longer than
    /// the data can show); null for a constant channel.
    /// </summary>
    public static int? Lag(IReadOnlyList<double[]> segments, int maxLag)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLag, 1);
        var centred = segments.Where(s => s.Length > 1).Select(s =>
        {
            var mean = s.Average();
            return s.Select(v => v - mean).ToArray();
        }).ToList();
        var variance = centred.Sum(s => s.Sum(v => v * v));
        if (!(variance > 1e-12 * Math.Max(1, centred.Sum(s => s.Length)))) return null;
        for (var lag = 1; lag <= maxLag; lag++)
        {
            var covariance = 0.0;
            foreach (var s in centred)
                for (var i = lag; i < s.Length; i++) covariance += s[i] * s[i - lag];
            if (covariance / variance < 1 / Math.E) return lag;
        }
        return maxLag;
    }

    /// <summary>
    /// The channel with the longest memory among <paramref name="channels"/> (name → its recordings), looking at lags up to
    /// a quarter of the longest recording so that a window of that length still fits it four times (longer lags would pair
    /// no samples); null when every channel is constant.
    /// </summary>
    public static ChannelMemory? Slowest(IReadOnlyDictionary<string, IReadOnlyList<double[]>> channels)
    {
        ChannelMemory? slowest = null;
        foreach (var (channel, segments) in channels)
        {
            var maxLag = Math.Max(1, segments.Select(s => s.Length).DefaultIfEmpty(0).Max() / 4);
            if (Lag(segments, maxLag) is { } lag && (slowest is null || lag > slowest.Samples)) slowest = new ChannelMemory(channel, lag);
        }
        return slowest;
    }
}
