using Lodestone.Datasets;
using Lodestone.Features;

namespace Lodestone.Training;

/// <summary>Reads datasets' channels from the store to find the one with the longest memory (<see cref="ChannelMemory"/>).</summary>
public static class SlowestChannel
{
    /// <summary>
    /// The slowest of <paramref name="channels"/> over the first <see cref="ChannelMemory.MaxSamplesPerSeries"/> samples of
    /// each dataset (only <paramref name="sensorId"/>'s rows when given); null when every channel is constant.
    /// </summary>
    public static ChannelMemory? Read(SampleStore store, Guid projectId, IReadOnlyList<Dataset> datasets, IReadOnlyList<string> channels,
        string? sensorId = null, CancellationToken cancellationToken = default)
    {
        var series = new Dictionary<string, IReadOnlyList<double[]>>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            cancellationToken.ThrowIfCancellationRequested();
            series[channel] = datasets
                .Select(d => store.ReadChannel(projectId, d.Id, channel, sensorId).Take(ChannelMemory.MaxSamplesPerSeries).Select(s => s.Value).ToArray())
                .ToList();
        }
        return ChannelMemory.Slowest(series);
    }
}
