namespace Lodestone.Drift;

/// <summary>What to compare: a model version (by number or alias) and recent data (a dataset, or a sensor and a count).</summary>
public sealed record DriftRequest(string? Model, int? Version, string? Alias, Guid? DatasetId, DateTime? From, DateTime? To, string? Sensor, int? Count);
