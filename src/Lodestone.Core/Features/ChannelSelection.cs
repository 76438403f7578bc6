using Lodestone.Trainers;

namespace Lodestone.Features;

/// <summary>Picks channels out of a window set, so a model sees the channels it was trained on, in the same order.</summary>
public static class ChannelSelection
{
    public static WindowSet Apply(WindowSet data, IReadOnlyList<string> channels)
    {
        if (channels.Count == 0 || channels.SequenceEqual(data.Channels)) return data;
        var indices = channels.Select(c => data.Channels.ToList().IndexOf(c)).ToArray();
        var missing = channels.Where((_, i) => indices[i] < 0).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"The data lack the channels {string.Join(", ", missing)} this model needs.", nameof(data));
        var values = new float[data.Count * channels.Count * data.Length];
        for (var w = 0; w < data.Count; w++)
            for (var c = 0; c < indices.Length; c++)
                data.Series(w, indices[c]).CopyTo(values.AsSpan((w * channels.Count + c) * data.Length, data.Length));
        return new WindowSet(channels, data.Length, values, data.StartTimes, data.Labels, data.DatasetIds) { SampleRateHz = data.SampleRateHz };
    }
}
