using Lodestone.Datasets;
using Lodestone.Features;

namespace Lodestone.Training;

/// <summary>Reads datasets' channels from the store to find the one with the longest memory (<see cref="ChannelMemory"/>).</summary>
public static class SlowestChannel
{
    /// <summary>
    /// For slow data (<see cref="WindowSuggestion.IsSlow"/> at the first dataset's rate), the slowest of the numeric
    /// <paramref name="channels"/> over the first <see cref="ChannelMemory.MaxSamplesPerSeries"/> samples of each dataset
    /// (only <paramref name="sensorId"/>'s rows when given); null for faster data, whose window the rate sizes, or when
    /// every channel is constant.
    /// </summary>
    public static ChannelMemory? ReadForSlowData(SampleStore store, Guid projectId, IReadOnlyList<Dataset> datasets, IEnumerable<string> channels,
        string? sensorId = null, CancellationToken cancellationToken = default)
    {
        if (datasets.Count == 0 || !WindowSuggestion.IsSlow(datasets[0].SamplingRateHz ?? 1)) return null;
        var series = new Dictionary<string, IReadOnlyList<double[]>>(StringComparer.Ordinal);
        foreach (var channel in channels.Where(c => datasets.All(d => d.Channels.FirstOrDefault(p => p.Name == c)?.Max is not null)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            series[channel] = datasets
                .Select(d => store.ReadChannel(projectId, d.Id, channel, sensorId).Take(ChannelMemory.MaxSamplesPerSeries).Select(s => s.Value).ToArray())
                .ToList();
        }
        return ChannelMemory.Slowest(series);
    }
}
