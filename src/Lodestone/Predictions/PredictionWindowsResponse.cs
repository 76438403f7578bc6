namespace Lodestone.Predictions;

/// <summary>
/// A batch's windows in a time range for a chart: <c>kind</c> <c>scores</c> (detectors, regressors: <see cref="Scores"/>,
/// with the detector's <see cref="Threshold"/>) or <c>bands</c> (classifiers: <see cref="Bands"/>). <see cref="Raw"/> when
/// each point or band is the windows themselves, else they are merged over buckets <see cref="BucketSeconds"/> wide.
/// </summary>
public sealed record PredictionWindowsResponse(string Kind, bool Raw, double BucketSeconds, long WindowsInRange, double? Threshold,
    IReadOnlyList<ScorePoint> Scores, IReadOnlyList<LabelBand> Bands)
{
    public const string ScoresKind = "scores";
    public const string BandsKind = "bands";

    public static PredictionWindowsResponse Of(PredictionBatch batch, PredictionView view) => new(
        PredictionChecks.DrawsBands(batch.Task) ? BandsKind : ScoresKind, view.Raw, view.BucketWidth.TotalSeconds, view.WindowsInRange,
        batch.Threshold, view.Scores, view.Bands);
}
