using Lodestone.Trainers;

namespace Lodestone.Features;

/// <summary>Cuts in-memory series (one array per channel, one timestamp per sample) into a <see cref="WindowSet"/>.</summary>
public static class Windowing
{
    /// <summary>Windows of <paramref name="size"/> samples every <paramref name="stride"/> samples; a tail shorter than a window is left out.</summary>
    public static WindowSet Slide(IReadOnlyList<string> channels, IReadOnlyList<float[]> series, DateTime[] timestamps,
        int size, int stride, double sampleRateHz, Guid datasetId = default)
    {
        Validate(channels, series, timestamps, size);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var count = timestamps.Length < size ? 0 : (timestamps.Length - size) / stride + 1;
        var values = new float[count * channels.Count * size];
        var starts = new DateTime[count];
        for (var w = 0; w < count; w++)
        {
            var start = w * stride;
            starts[w] = timestamps[start];
            for (var c = 0; c < channels.Count; c++)
                series[c].AsSpan(start, size).CopyTo(values.AsSpan((w * channels.Count + c) * size, size));
        }
        return new WindowSet(channels, size, values, starts, datasetIds: Enumerable.Repeat(datasetId, count).ToArray())
            { SampleRateHz = sampleRateHz };
    }

    /// <summary>
    /// One window per sample, made of the <paramref name="size"/> samples that end at it, so that a detector scores every
    /// point from its recent past only. The first samples, which lack a full past, repeat the first value. A window's start
    /// time is the time of the sample it ends at, so windows and samples line up one to one.
    /// </summary>
    public static WindowSet Trailing(IReadOnlyList<string> channels, IReadOnlyList<float[]> series, DateTime[] timestamps,
        int size, double sampleRateHz, Guid datasetId = default)
    {
        Validate(channels, series, timestamps, size);
        var count = timestamps.Length;
        var values = new float[count * channels.Count * size];
        for (var w = 0; w < count; w++)
            for (var c = 0; c < channels.Count; c++)
            {
                var destination = values.AsSpan((w * channels.Count + c) * size, size);
                for (var t = 0; t < size; t++)
                    destination[t] = series[c][Math.Max(0, w - size + 1 + t)];
            }
        return new WindowSet(channels, size, values, (DateTime[])timestamps.Clone(), datasetIds: Enumerable.Repeat(datasetId, count).ToArray())
            { SampleRateHz = sampleRateHz };
    }

    private static void Validate(IReadOnlyList<string> channels, IReadOnlyList<float[]> series, DateTime[] timestamps, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (series.Count != channels.Count)
            throw new ArgumentException($"{channels.Count} channels named but {series.Count} series given.", nameof(series));
        if (series.Any(s => s.Length != timestamps.Length))
            throw new ArgumentException("Every series needs one value per timestamp.", nameof(series));
    }
}
