namespace Lodestone.Datasets;

/// <summary>One channel of a <see cref="Series"/>. For raw samples <see cref="Min"/> and <see cref="Max"/> are the same array.</summary>
public sealed record SeriesChannel(string Name, double?[] Min, double?[] Max);
