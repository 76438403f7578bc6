namespace Lodestone.Drift;

/// <summary>Where a drift report's recent data came from.</summary>
public enum DriftSource
{
    /// <summary>A dataset's samples, optionally in a time range and of one sensor.</summary>
    Dataset,
    /// <summary>A sensor's latest readings pushed through the API.</summary>
    SensorReadings,
}
