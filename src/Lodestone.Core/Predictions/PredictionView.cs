namespace Lodestone.Predictions;

/// <summary>
/// A batch's windows in a time range, ready to draw: <see cref="Scores"/> for detectors and regressors, <see cref="Bands"/>
/// for classifiers. <see cref="Raw"/> when every window is its own point or band; otherwise each point or band is made
/// of buckets <see cref="BucketWidth"/> wide (the highest score per bucket; the most frequent label per bucket).
/// </summary>
public sealed record PredictionView(bool Raw, TimeSpan BucketWidth, long WindowsInRange, IReadOnlyList<ScorePoint> Scores, IReadOnlyList<LabelBand> Bands);
