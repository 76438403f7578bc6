namespace Lodestone.Predictions;

/// <summary>
/// A model's output on one window, as the sample store keeps it: the window's time range and sensor, the label chosen
/// (classifiers; a detector's is <c>anomaly</c> or <c>normal</c>), the score (a detector's anomaly score, a classifier's
/// probability of its label, a regressor's value), the confidence in the label, and the threshold decision (flagged).
/// </summary>
public sealed record PredictionWindow(DateTime Start, DateTime End, string? Sensor, string? Label, double? Score, double? Confidence, bool Flagged);
