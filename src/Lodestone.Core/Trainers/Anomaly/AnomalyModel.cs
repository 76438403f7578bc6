namespace Lodestone.Trainers.Anomaly;

/// <summary>
/// A fitted anomaly detector: preprocessing, a scorer and a threshold. Per-sensor detectors are named
/// <c>{kind}_{sensor}</c> (<see cref="NameFor"/>).
/// </summary>
public sealed class AnomalyModel(string kind, AnomalyPreprocessor preprocessor, IAnomalyScorer scorer, double threshold) : ITrainedModel
{
    private sealed record Manifest(string Kind, AnomalyPreprocessor Preprocessor, double Threshold);

    public string Kind { get; } = kind;
    public TrainingTask Task => TrainingTask.AnomalyDetection;
    public AnomalyPreprocessor Preprocessor { get; } = preprocessor;
    public IAnomalyScorer Scorer { get; } = scorer;
    public double Threshold { get; } = threshold;

    public static string NameFor(string kind, string sensor) => $"{kind}_{sensor}";

    /// <summary>The same detector deciding at another threshold (e.g. one chosen on validation data).</summary>
    public AnomalyModel WithThreshold(double threshold) => new(Kind, Preprocessor, Scorer, threshold);

    public double[] Score(WindowSet data) => Scorer.Score(Preprocessor.Transform(data));

    public IReadOnlyList<Prediction> Predict(WindowSet data) =>
        Score(data).Select(s => new Prediction(s, s > Threshold)).ToList();

    public void Save(string folder)
    {
        ModelFiles.WriteManifest(folder, new Manifest(Kind, Preprocessor, Threshold));
        Scorer.Save(folder);
    }

    public static AnomalyModel Load(string folder, Func<string, IAnomalyScorer> loadScorer)
    {
        var manifest = ModelFiles.ReadManifest<Manifest>(folder);
        return new AnomalyModel(manifest.Kind, manifest.Preprocessor, loadScorer(folder), manifest.Threshold);
    }
}
