using System.Text.Json;
using Lodestone.Trainers;

namespace Lodestone.Deployments;

/// <summary>
/// Writes a predict answer: which model and version answered (and through which deployment), then per window its
/// labels (classifiers), its score, a confidence, and for detectors the threshold and the anomaly decision. Written with
/// <see cref="Utf8JsonWriter"/> straight to the response, so that answering builds no object graph per window.
/// Confidence: a classifier's probability of the label it chose; a detector's distance of the score from its threshold
/// as a fraction of the threshold, capped at 1; none for regressors.
/// </summary>
public static class PredictionWriter
{
    public static void Write(Utf8JsonWriter json, ServingModel model, IReadOnlyList<Prediction> predictions, string? deployment, string source)
    {
        json.WriteStartObject();
        if (deployment is not null) json.WriteString("deployment"u8, deployment);
        json.WriteString("model"u8, model.ModelName);
        json.WriteNumber("version"u8, model.Number);
        json.WriteString("versionId"u8, model.VersionId);
        json.WriteString("task"u8, model.Task.ToString());
        json.WriteString("source"u8, source);
        json.WriteStartArray("predictions"u8);
        foreach (var p in predictions)
        {
            json.WriteStartObject();
            if (p.Labels is { } labels)
            {
                json.WriteStartArray("labels"u8);
                foreach (var label in labels) json.WriteStringValue(label);
                json.WriteEndArray();
            }
            Number(json, "score"u8, p.Score);
            if (model.Task == TrainingTask.AnomalyDetection && model.Threshold is { } threshold)
            {
                Number(json, "confidence"u8, Math.Min(1, Math.Abs(p.Score - threshold) / Math.Max(Math.Abs(threshold), 1e-12)));
                Number(json, "threshold"u8, threshold);
                json.WriteBoolean("isAnomaly"u8, p.IsAnomaly);
            }
            else if (p.Labels is not null)
            {
                Number(json, "confidence"u8, p.Score);
            }
            if (p.Scores is { } scores)
            {
                json.WriteStartObject("scores"u8);
                foreach (var (label, score) in scores) Number(json, label, score);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // JSON has no NaN: a regressor without history (the first window of a drift model) answers null.
    private static void Number(Utf8JsonWriter json, ReadOnlySpan<byte> name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
