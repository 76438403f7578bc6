using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lodestone.Evaluation;

/// <summary>
/// What a run's evaluation says, in a form to keep and share: the metrics, the data behind each plot (curves, a score
/// trace, predictions, learning curves), and three renderings — report.json (this object), a self-contained report.html
/// (inline CSS and SVG, nothing fetched) and plots/*.png. Build one with <see cref="ForClassification"/>,
/// <see cref="ForMultiLabelClassification"/>, <see cref="ForAnomalyDetection"/> or <see cref="ForRegression"/>, then
/// <see cref="WriteTo"/> a folder.
/// </summary>
public sealed record EvaluationReport
{
    public const string ClassificationKind = "classification";
    public const string AnomalyDetectionKind = "anomaly-detection";
    public const string RegressionKind = "regression";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Kind { get; init; }
    public required string Title { get; init; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>Free-form facts shown at the top of the report: model kind, datasets, split, settings.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<MetricSeries> LearningCurves { get; init; } = [];

    public ClassificationMetrics? Classification { get; init; }
    public IReadOnlyList<ClassCurves>? ClassCurves { get; init; }

    public AnomalyMetrics? Anomaly { get; init; }
    public ScoreTrace? Scores { get; init; }
    public ClassCurves? AnomalyCurves { get; init; }

    public RegressionMetrics? Regression { get; init; }
    public PredictionSample? Predictions { get; init; }

    /// <summary>A single-label classifier: truth as class indices, one probability row per window.</summary>
    public static EvaluationReport ForClassification(string title, IReadOnlyList<string> classes, IReadOnlyList<int> truth,
        IReadOnlyList<double[]> probabilities, IReadOnlyDictionary<(string Key, int Step), double>? learningCurves = null,
        IReadOnlyDictionary<string, string>? details = null) => new()
        {
            Kind = ClassificationKind,
            Title = title,
            Details = details ?? new Dictionary<string, string>(),
            LearningCurves = learningCurves is null ? [] : MetricSeries.From(learningCurves),
            Classification = ClassificationMetrics.Evaluate(classes, truth, probabilities),
            ClassCurves = classes.Select((name, c) => Evaluation.ClassCurves.Of(name,
                probabilities.Select(p => p[c]).ToArray(), truth.Select(t => t == c).ToArray())).ToList(),
        };

    /// <summary>A multi-label classifier: per window, which labels are true and each label's probability.</summary>
    public static EvaluationReport ForMultiLabelClassification(string title, IReadOnlyList<string> classes, IReadOnlyList<bool[]> truth,
        IReadOnlyList<double[]> probabilities, IReadOnlyDictionary<(string Key, int Step), double>? learningCurves = null,
        IReadOnlyDictionary<string, string>? details = null, double threshold = 0.5) => new()
        {
            Kind = ClassificationKind,
            Title = title,
            Details = details ?? new Dictionary<string, string>(),
            LearningCurves = learningCurves is null ? [] : MetricSeries.From(learningCurves),
            Classification = ClassificationMetrics.EvaluateMultiLabel(classes, truth, probabilities, threshold),
            ClassCurves = classes.Select((name, c) => Evaluation.ClassCurves.Of(name,
                probabilities.Select(p => p[c]).ToArray(), truth.Select(t => t[c]).ToArray())).ToList(),
        };

    /// <summary>
    /// An anomaly detector: truth and scores in time order (higher = more anomalous); a point is flagged when its score
    /// is above the threshold, as <c>AnomalyModel.Predict</c> decides. <paramref name="positions"/> (time or row number) places the scores on the x axis.
    /// </summary>
    public static EvaluationReport ForAnomalyDetection(string title, IReadOnlyList<bool> truth, IReadOnlyList<double> scores,
        double threshold, IReadOnlyList<double>? positions = null, IReadOnlyDictionary<(string Key, int Step), double>? learningCurves = null,
        IReadOnlyDictionary<string, string>? details = null)
    {
        if (truth.Count != scores.Count) throw new ArgumentException("Truth and scores differ in length.");
        var flagged = scores.Select(s => s > threshold).ToArray();
        return new()
        {
            Kind = AnomalyDetectionKind,
            Title = title,
            Details = details ?? new Dictionary<string, string>(),
            LearningCurves = learningCurves is null ? [] : MetricSeries.From(learningCurves),
            Anomaly = AnomalyMetrics.Evaluate(truth, flagged, scores),
            Scores = ScoreTrace.Of(scores, truth, threshold, positions),
            AnomalyCurves = truth.Contains(true) && truth.Contains(false) ? Evaluation.ClassCurves.Of("anomaly", scores, truth) : null,
        };
    }

    public static EvaluationReport ForRegression(string title, IReadOnlyList<double> actual, IReadOnlyList<double> predicted,
        IReadOnlyDictionary<(string Key, int Step), double>? learningCurves = null, IReadOnlyDictionary<string, string>? details = null) => new()
        {
            Kind = RegressionKind,
            Title = title,
            Details = details ?? new Dictionary<string, string>(),
            LearningCurves = learningCurves is null ? [] : MetricSeries.From(learningCurves),
            Regression = RegressionMetrics.Evaluate(actual, predicted),
            Predictions = PredictionSample.Of(actual, predicted),
        };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EvaluationReport FromJson(string json) =>
        JsonSerializer.Deserialize<EvaluationReport>(json, Json) ?? throw new JsonException("The report JSON is empty.");

    /// <summary>The report's plots, drawn from its data (so a report read back from JSON draws the same plots).</summary>
    public IReadOnlyList<ReportPlot> Plots() => ReportPlots.For(this);

    /// <summary>One self-contained HTML page: inline CSS, inline SVG plots, no scripts and no external references.</summary>
    public string ToHtml() => ReportHtml.Write(this, Plots());

    /// <summary>Writes report.json, report.html and plots/{name}.png and .svg into <paramref name="folder"/> (created if missing).</summary>
    public void WriteTo(string folder)
    {
        var plotFolder = Path.Combine(folder, "plots");
        Directory.CreateDirectory(plotFolder);
        var plots = Plots();
        File.WriteAllText(Path.Combine(folder, "report.json"), ToJson());
        File.WriteAllText(Path.Combine(folder, "report.html"), ReportHtml.Write(this, plots));
        foreach (var plot in plots)
        {
            File.WriteAllBytes(Path.Combine(plotFolder, plot.Name + ".png"), plot.Canvas.ToPng());
            // The SVG has real text and scales; the run page shows it, the PNG is for documents and mail.
            File.WriteAllText(Path.Combine(plotFolder, plot.Name + ".svg"), plot.Canvas.ToSvg(standalone: true));
        }
    }
}
