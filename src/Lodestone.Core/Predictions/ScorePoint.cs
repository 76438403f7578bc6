namespace Lodestone.Predictions;

/// <summary>
/// A detector's (or regressor's) score over a stretch of time for the chart: one window, or a bucket of windows with
/// their highest score, whether any was flagged, and how many there were.
/// </summary>
public sealed record ScorePoint(string? Sensor, DateTime Start, DateTime End, double? Score, bool Flagged, long Windows);
