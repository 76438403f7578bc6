namespace Lodestone.Datasets;

/// <summary>What the sample store measures of a dataset's samples.</summary>
public sealed record DatasetProfile(
    long RowCount,
    DateTime? StartTime,
    DateTime? EndTime,
    double? SamplingRateHz,
    long SizeBytes,
    IReadOnlyList<ChannelProfile> Channels,
    IReadOnlyList<string> SensorIds);
