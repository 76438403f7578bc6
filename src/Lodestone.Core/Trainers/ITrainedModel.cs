namespace Lodestone.Trainers;

/// <summary>A fitted model: it predicts on windows and saves to a folder from which its trainer kind loads it again.</summary>
public interface ITrainedModel
{
    string Kind { get; }

    TrainingTask Task { get; }

    /// <summary>One prediction per window of <paramref name="data"/>, in order.</summary>
    IReadOnlyList<Prediction> Predict(WindowSet data);

    /// <summary>Writes the model's files into <paramref name="folder"/> (which exists and is empty).</summary>
    void Save(string folder);
}

/// <summary>
/// The output for one window. Classification: <see cref="Scores"/> per label (probabilities) and the chosen labels.
/// Anomaly detection: <see cref="Score"/> (higher is more anomalous) and <see cref="IsAnomaly"/> at the threshold.
/// Regression: <see cref="Score"/> is the predicted value.
/// </summary>
public sealed record Prediction(
    double Score,
    bool IsAnomaly = false,
    IReadOnlyList<string>? Labels = null,
    IReadOnlyDictionary<string, double>? Scores = null);
