namespace Lodestone.Trainers;

/// <summary>
/// Windows of equal length over a set of channels, the input of every trainer. Values are laid out window-major,
/// then channel, then time: <c>Values[(w * Channels.Count + c) * Length + t]</c>. Labels are optional (anomaly detectors
/// fit without them); a window may carry several labels (multi-label), each with a weight taken from annotation confidence.
/// </summary>
public sealed class WindowSet
{
    public IReadOnlyList<string> Channels { get; }
    public int Length { get; }
    public float[] Values { get; }
    public DateTime[] StartTimes { get; }
    /// <summary>Per window: its labels with their weights, or null when the window is unlabelled.</summary>
    public IReadOnlyDictionary<string, float>?[] Labels { get; }
    /// <summary>Per window: the dataset it came from, for lineage over several datasets.</summary>
    public Guid[] DatasetIds { get; }

    public WindowSet(IReadOnlyList<string> channels, int length, float[] values, DateTime[] startTimes,
        IReadOnlyDictionary<string, float>?[]? labels = null, Guid[]? datasetIds = null)
    {
        var count = startTimes.Length;
        if (values.Length != count * channels.Count * length)
            throw new ArgumentException($"Expected {count} windows × {channels.Count} channels × {length} steps = {count * channels.Count * length} values, got {values.Length}.", nameof(values));
        Channels = channels;
        Length = length;
        Values = values;
        StartTimes = startTimes;
        Labels = labels ?? new IReadOnlyDictionary<string, float>?[count];
        DatasetIds = datasetIds ?? new Guid[count];
        if (Labels.Length != count || DatasetIds.Length != count)
            throw new ArgumentException("Labels and dataset ids need one entry per window.");
    }

    /// <summary>Samples per second inside a window; 0 when unknown. Spectral features and window durations need it.</summary>
    public double SampleRateHz { get; init; }

    public int Count => StartTimes.Length;

    /// <summary>The duration one window covers, or zero when the sampling rate is unknown.</summary>
    public TimeSpan WindowDuration => SampleRateHz > 0 ? TimeSpan.FromSeconds(Length / SampleRateHz) : TimeSpan.Zero;

    /// <summary>A new set holding the given windows, in the given order (for splits and subsets).</summary>
    public WindowSet Select(IReadOnlyList<int> indices)
    {
        var stride = Channels.Count * Length;
        var values = new float[indices.Count * stride];
        for (var i = 0; i < indices.Count; i++)
            Values.AsSpan(indices[i] * stride, stride).CopyTo(values.AsSpan(i * stride));
        return new WindowSet(Channels, Length, values, indices.Select(i => StartTimes[i]).ToArray(),
            indices.Select(i => Labels[i]).ToArray(), indices.Select(i => DatasetIds[i]).ToArray()) { SampleRateHz = SampleRateHz };
    }

    public ReadOnlySpan<float> Window(int index) =>
        Values.AsSpan(index * Channels.Count * Length, Channels.Count * Length);

    public ReadOnlySpan<float> Series(int window, int channel) =>
        Values.AsSpan((window * Channels.Count + channel) * Length, Length);

    /// <summary>The distinct labels present, sorted: the label schema of a model fitted on this set.</summary>
    public IReadOnlyList<string> LabelNames() =>
        Labels.Where(l => l is not null).SelectMany(l => l!.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
}
