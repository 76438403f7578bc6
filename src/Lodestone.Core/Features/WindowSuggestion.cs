namespace Lodestone.Features;

/// <summary>A window size and stride in samples, with the reason they were chosen (shown to the user next to the setting).</summary>
public sealed record WindowSuggestion(int Size, int Stride, string Reason)
{
    public const int MinimumSize = 16;
    public const int MaximumSize = 4096;

    /// <summary>
    /// Suggests a window from the sampling rate and the durations of labelled ranges. With labels, a window lasts about half
    /// of the shorter labelled ranges (their 25th percentile), so that even those hold two windows; without labels, about
    /// two seconds, or for slow data (where two seconds are under 16 samples) as long as <paramref name="memory"/>, the
    /// slowest channel's memory, when it is known. The size is rounded to a power of two (fast FFT) within [16, 4096]
    /// samples, up for a memory so that the window spans it, else to the nearest; windows overlap by half.
    /// </summary>
    public static WindowSuggestion Suggest(double sampleRateHz, IReadOnlyCollection<TimeSpan>? labelDurations = null, ChannelMemory? memory = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        double seconds;
        string reason;
        var durations = labelDurations?.Where(d => d > TimeSpan.Zero).Select(d => d.TotalSeconds).Order().ToArray() ?? [];
        var spansMemory = durations.Length == 0 && IsSlow(sampleRateHz) && memory is not null;
        if (durations.Length > 0)
        {
            var shortRange = durations[(int)Math.Floor(0.25 * (durations.Length - 1))];
            seconds = shortRange / 2;
            reason = $"half of the shorter labelled ranges ({shortRange:0.###} s, 25th percentile of {durations.Length})";
        }
        else if (spansMemory && memory is not null)
        {
            // Two seconds suit vibration and magnetometer rates, where they hold hundreds of cycles. Slow process data
            // (temperatures, pressures, flows) change at their own pace, which only the data tell: span the slowest channel.
            seconds = memory.Samples / sampleRateHz;
            reason = $"at least as long as the slowest channel, '{memory.Channel}', remembers its past (its autocorrelation falls below 1/e after " +
                $"{memory.Samples} samples, {seconds:0.###} s), so that a window sees how it moves rather than only its level";
        }
        else
        {
            seconds = 2;
            reason = "about two seconds of data";
        }
        var samples = seconds * sampleRateHz;
        // A window that spans a memory must not be shorter than it, so that one rounds up.
        var exponent = Math.Log2(Math.Max(samples, 1));
        var size = (int)Math.Clamp(Math.Pow(2, spansMemory ? Math.Ceiling(exponent) : Math.Round(exponent)), MinimumSize, MaximumSize);
        // At a few samples a second two seconds are below the minimum, and slow process data usually change over minutes:
        // without the channels' memory to go by, say so rather than guess.
        if (durations.Length == 0 && memory is null && samples < MinimumSize)
            reason += $"; at {sampleRateHz:0.###} Hz that is under the {MinimumSize}-sample minimum, so the window is {MinimumSize / sampleRateHz:0.###} s: " +
                "slow process data often need a minute or more, so set a longer window if the data change slowly";
        return new WindowSuggestion(size, Math.Max(1, size / 2), $"{size} samples at {sampleRateHz:0.###} Hz: {reason}");
    }

    /// <summary>
    /// For slow data, the window halved until recordings of <paramref name="rows"/> samples each hold at least
    /// <paramref name="minimumWindows"/> windows (overlapping by half), but not below <see cref="MinimumSize"/>. A window
    /// that spans a long memory can take most of a short file: SKAB's ~1,150-row files at 1 Hz got 256-sample windows,
    /// 7 of them, too few to train a detector and hold out a test part. Fewer samples of context beat too few windows.
    /// Windows of faster data (two seconds) are left as they are.
    /// </summary>
    public WindowSuggestion WithEnoughWindows(double sampleRateHz, IReadOnlyCollection<long> rows, int minimumWindows)
    {
        if (!IsSlow(sampleRateHz)) return this;
        static long Count(IEnumerable<long> rows, int size) => rows.Sum(n => n < size ? 0 : (n - size) / Math.Max(1, size / 2) + 1);
        var size = Size;
        while (size / 2 >= MinimumSize && Count(rows, size) < minimumWindows) size /= 2;
        if (size == Size) return this;
        return new WindowSuggestion(size, Math.Max(1, size / 2),
            $"{size} samples at {sampleRateHz:0.###} Hz: {Size} would span the channels' memory but leave {Count(rows, Size):N0} windows, so it is halved until the data hold {Count(rows, size):N0} (at least {minimumWindows:N0} advisable, or as many as {MinimumSize}-sample windows give)");
    }

    /// <summary>
    /// Whether two seconds at this rate fall under <see cref="MinimumSize"/> samples: slow data, whose window should come
    /// from the channels' memory (<see cref="ChannelMemory"/>) rather than from the rate.
    /// </summary>
    public static bool IsSlow(double sampleRateHz) => 2 * sampleRateHz < MinimumSize;
}
