namespace Lodestone.Features;

/// <summary>A window size and stride in samples, with the reason they were chosen (shown to the user next to the setting).</summary>
public sealed record WindowSuggestion(int Size, int Stride, string Reason)
{
    public const int MinimumSize = 16;
    public const int MaximumSize = 4096;

    /// <summary>
    /// Suggests a window from the sampling rate and the durations of labelled ranges. With labels, a window lasts about half
    /// of the shorter labelled ranges (their 25th percentile), so that even those hold two windows; without labels, about
    /// two seconds. The size is rounded to a power of two (fast FFT) within [16, 4096] samples; windows overlap by half.
    /// </summary>
    public static WindowSuggestion Suggest(double sampleRateHz, IReadOnlyCollection<TimeSpan>? labelDurations = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        double seconds;
        string reason;
        var durations = labelDurations?.Where(d => d > TimeSpan.Zero).Select(d => d.TotalSeconds).Order().ToArray() ?? [];
        if (durations.Length > 0)
        {
            var shortRange = durations[(int)Math.Floor(0.25 * (durations.Length - 1))];
            seconds = shortRange / 2;
            reason = $"half of the shorter labelled ranges ({shortRange:0.###} s, 25th percentile of {durations.Length})";
        }
        else
        {
            seconds = 2;
            reason = "about two seconds of data (no labelled ranges to go by)";
        }
        var samples = seconds * sampleRateHz;
        var size = (int)Math.Clamp(Math.Pow(2, Math.Round(Math.Log2(Math.Max(samples, 1)))), MinimumSize, MaximumSize);
        // Two seconds suit vibration and magnetometer rates; at a few samples a second they are below the minimum, and
        // slow process data (temperatures, pressures, flows) usually change over minutes: say so rather than guess.
        if (durations.Length == 0 && samples < MinimumSize)
            reason += $"; at {sampleRateHz:0.###} Hz that is under the {MinimumSize}-sample minimum, so the window is {MinimumSize / sampleRateHz:0.###} s: " +
                "slow process data often need a minute or more, so set a longer window if the data change slowly";
        return new WindowSuggestion(size, Math.Max(1, size / 2), $"{size} samples at {sampleRateHz:0.###} Hz: {reason}");
    }
}
