namespace Lodestone.Trainers.Sensors;

/// <summary>
/// A regressor's output. <see cref="IsFallback"/> is true when no fitted model produced it (too few data, or no model yet)
/// and <see cref="Method"/> names what did: "model", "linear-trend", "threshold", "last-calibration", "identity".
/// </summary>
public sealed record SensorEstimate(double Value, bool IsFallback, string Method);
