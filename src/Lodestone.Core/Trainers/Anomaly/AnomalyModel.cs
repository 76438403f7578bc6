namespace Lodestone.Trainers.Anomaly;

/// <summary>
/// A fitted anomaly detector: preprocessing, a scorer, optional smoothing of scores over consecutive windows and a
/// threshold on the (smoothed) score. Per-sensor detectors are named <c>{kind}_{sensor}</c> (<see cref="NameFor"/>).
/// </summary>
public sealed class AnomalyModel(string kind, AnomalyPreprocessor preprocessor, IAnomalyScorer scorer, double threshold, int smoothing = 1) : IThresholdDetector
{
    // Smoothing defaults to 1 so that manifests written before it existed load unchanged.
    private sealed record Manifest(string Kind, AnomalyPreprocessor Preprocessor, double Threshold, int Smoothing = 1);

    public string Kind { get; } = kind;
    public TrainingTask Task => TrainingTask.AnomalyDetection;
    public AnomalyPreprocessor Preprocessor { get; } = preprocessor;
    public IAnomalyScorer Scorer { get; } = scorer;
    public double Threshold { get; } = threshold;
    /// <summary>Windows in the trailing mean of scores (see <see cref="ScoreSmoothing"/>); 1 scores each window alone.</summary>
    public int Smoothing { get; } = Math.Max(1, smoothing);

    public static string NameFor(string kind, string sensor) => $"{kind}_{sensor}";

    /// <summary>The same detector deciding at another threshold (e.g. one chosen on validation data).</summary>
    public AnomalyModel WithThreshold(double threshold) => new(Kind, Preprocessor, Scorer, threshold, Smoothing);

    /// <summary>Anomaly scores of windows in time order, smoothed over <see cref="Smoothing"/> consecutive windows.</summary>
    public double[] Score(WindowSet data) => ScoreSmoothing.TrailingMean(Scorer.Score(Preprocessor.Transform(data)), data, Smoothing);

    public IReadOnlyList<Prediction> Predict(WindowSet data) =>
        Score(data).Select(s => new Prediction(s, s > Threshold)).ToList();

    public void Save(string folder)
    {
        ModelFiles.WriteManifest(folder, new Manifest(Kind, Preprocessor, Threshold, Smoothing));
        Scorer.Save(folder);
    }

    public static AnomalyModel Load(string folder, Func<string, IAnomalyScorer> loadScorer)
    {
        var manifest = ModelFiles.ReadManifest<Manifest>(folder);
        return new AnomalyModel(manifest.Kind, manifest.Preprocessor, loadScorer(folder), manifest.Threshold, manifest.Smoothing);
    }
}
