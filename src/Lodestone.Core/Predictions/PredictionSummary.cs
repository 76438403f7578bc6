namespace Lodestone.Predictions;

/// <summary>
/// What a finished batch found, small enough for the metadata database: windows predicted, windows flagged (detectors),
/// windows per label (classifiers), the score's range and mean, and the detector's threshold.
/// </summary>
public sealed record PredictionSummary(long Windows, long? Flagged, IReadOnlyDictionary<string, long> LabelCounts,
    double? ScoreMin, double? ScoreMax, double? ScoreMean, double? Threshold);
