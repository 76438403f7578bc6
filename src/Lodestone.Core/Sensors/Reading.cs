namespace Lodestone.Sensors;

/// <summary>One sample pushed by a sensor: its id, when it was measured (UTC; unspecified kinds are taken as UTC) and its channel values.</summary>
public sealed record Reading(string SensorId, DateTime Timestamp, IReadOnlyDictionary<string, double> Values);
