namespace Lodestone.Datasets;

/// <summary>
/// Chart data for a time range: the samples themselves when there are few enough (<see cref="Raw"/>), otherwise one
/// min and one max per channel for each of N equal time buckets, so a single-sample spike still shows.
/// <see cref="Times"/> holds sample times, or bucket start times. Buckets without samples are left out.
/// </summary>
/// <param name="RowsInRange">Samples in the range; for wide ranges counted from pyramid tiles, so within a few percent.</param>
/// <param name="PyramidLevel">The pyramid level the buckets were computed from, or null when from the samples.</param>
/// <param name="SensorId">The sensor whose samples these are, when the series is one of a per-sensor query.</param>
public sealed record Series(bool Raw, DateTime[] Times, IReadOnlyList<SeriesChannel> Channels, long RowsInRange, TimeSpan BucketWidth, int? PyramidLevel,
    string? SensorId = null);
