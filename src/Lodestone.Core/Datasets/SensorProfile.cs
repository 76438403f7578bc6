namespace Lodestone.Datasets;

/// <summary>One sensor's share of a multi-sensor dataset: its rows and the statistics of each channel over them alone.</summary>
public sealed record SensorProfile(string SensorId, long Rows, IReadOnlyList<ChannelProfile> Channels);
