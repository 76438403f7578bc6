using System.Globalization;
using Lodestone.Evaluation;
using Lodestone.Features;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Training;

/// <summary>
/// The held-out test of a run whose windows carry labels, or of a regressor (whose truth is in the data): the latest
/// <see cref="TestFraction"/> of each dataset's time range is kept from training (a window straddling the split point is
/// dropped, so no sample is on both sides), the model predicts on it, and the predictions become an
/// <see cref="EvaluationReport"/> plus headline metrics for the leaderboard: <c>test_f1</c>, <c>test_far</c>,
/// <c>test_mar</c> for a detector; <c>test_accuracy</c>, <c>test_macro_f1</c> for a classifier; <c>test_micro_f1</c>,
/// <c>test_macro_f1</c>, <c>test_subset_accuracy</c> for a multi-label classifier; <c>test_mae</c>, <c>test_rmse</c>,
/// <c>test_r2</c> for a regressor.
/// </summary>
public static class RunEvaluation
{
    public const double TestFraction = 0.2;

    /// <summary>The folder under the run's files the report is written to.</summary>
    public const string ReportFolder = "report";

    public static bool IsLabelled(WindowSet data) => data.Labels.Any(l => l is not null);

    /// <summary>Whether a run of <paramref name="trainer"/> on these windows can be judged on held-out data.</summary>
    public static bool IsEvaluable(ITrainer trainer, WindowSet data) => trainer.Task == TrainingTask.Regression || IsLabelled(data);

    /// <summary>
    /// The split a run trains and is judged on, or null when it cannot be judged, when either part would be empty, or when
    /// the training part alone fails the trainer's check while all the data pass it (five calibration records make a
    /// model but not a model and a test: the model matters more).
    /// </summary>
    public static TimeSplit? SplitFor(ITrainer trainer, TrainerOptions options, WindowSet data)
    {
        if (!IsEvaluable(trainer, data) || Split(data) is not { } split) return null;
        return trainer.Check(split.Train, options).Count > 0 && trainer.Check(data, options).Count == 0 ? null : split;
    }

    /// <summary>Training and test windows split by time, or null when either part would be empty.</summary>
    public static TimeSplit? Split(WindowSet data)
    {
        var split = TimeSplit.Create(data, 1 - TestFraction, 0);
        return split.Train.Count == 0 || split.Test.Count == 0 ? null : split;
    }

    /// <summary>
    /// Scores <paramref name="model"/> on the labelled windows of <paramref name="test"/>; null for a task this does not
    /// evaluate (regression) or when no test window carries a label the model can be judged on.
    /// </summary>
    public static (EvaluationReport Report, IReadOnlyDictionary<string, double> Metrics)? Evaluate(ITrainedModel model,
        TrainerOptions options, WindowSet test, IReadOnlyDictionary<(string Key, int Step), double> learningCurves,
        IReadOnlyDictionary<string, string> details)
    {
        var predictions = model.Predict(test);
        if (model is IRegressionModel regression) return Regression(regression, test, predictions, learningCurves, details);
        var labelled = Enumerable.Range(0, test.Count).Where(i => test.Labels[i] is { Count: > 0 }).ToList();
        if (labelled.Count == 0) return null;
        return model.Task switch
        {
            TrainingTask.AnomalyDetection => Anomaly(model, options, test, predictions, labelled, learningCurves, details),
            TrainingTask.Classification => Classification(model, test, predictions, labelled, learningCurves, details),
            TrainingTask.MultiLabelClassification => RunEvaluationKinds.MultiLabel(model, test, predictions, labelled, learningCurves, details),
            _ => null,
        };
    }

    private static (EvaluationReport, IReadOnlyDictionary<string, double>) Anomaly(ITrainedModel model, TrainerOptions options,
        WindowSet test, IReadOnlyList<Prediction> predictions, List<int> labelled,
        IReadOnlyDictionary<(string Key, int Step), double> learningCurves, IReadOnlyDictionary<string, string> details)
    {
        var anomalyLabel = options is AnomalyDetectorOptions detector ? detector.AnomalyLabel : SampleStoreWindowSource.AnomalyLabel;
        var truth = labelled.Select(i => test.Labels[i]!.Keys.Any(k => string.Equals(k, anomalyLabel, StringComparison.OrdinalIgnoreCase))).ToList();
        var scores = labelled.Select(i => predictions[i].Score).ToList();
        var flagged = labelled.Select(i => predictions[i].IsAnomaly).ToList();
        var threshold = model is IThresholdDetector thresholded ? thresholded.Threshold : ThresholdOf(scores, flagged);
        var first = test.StartTimes[labelled[0]];
        var seconds = labelled.Select(i => (test.StartTimes[i] - first).TotalSeconds).ToList();
        var report = EvaluationReport.ForAnomalyDetection($"{model.Kind}: held-out test", truth, scores, threshold, seconds,
            learningCurves, details);
        var metrics = report.Anomaly!;
        var headline = new Dictionary<string, double>
        {
            ["test_f1"] = metrics.F1,
            ["test_far"] = metrics.FalseAlarmRate,
            ["test_mar"] = metrics.MissedAlarmRate,
            ["test_precision"] = metrics.Precision,
            ["test_recall"] = metrics.Recall,
        };
        if (!double.IsNaN(metrics.PrAuc)) headline["test_pr_auc"] = metrics.PrAuc;
        return (report, headline);
    }

    /// <summary>
    /// A threshold that reproduces the model's own decisions on these scores (flagged exactly when above it), for
    /// detectors that do not expose theirs: the highest score left unflagged.
    /// </summary>
    private static double ThresholdOf(IReadOnlyList<double> scores, IReadOnlyList<bool> flagged)
    {
        var unflagged = scores.Where((_, i) => !flagged[i]).ToList();
        if (unflagged.Count > 0) return unflagged.Max();
        return Math.BitDecrement(scores.Min());
    }

    private static (EvaluationReport, IReadOnlyDictionary<string, double>)? Classification(ITrainedModel model, WindowSet test,
        IReadOnlyList<Prediction> predictions, List<int> labelled,
        IReadOnlyDictionary<(string Key, int Step), double> learningCurves, IReadOnlyDictionary<string, string> details)
    {
        var classes = predictions.Where(p => p.Scores is not null).SelectMany(p => p.Scores!.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0) return null;
        // A window's class is its label of highest weight; windows whose label the model never learned cannot be judged.
        var judged = labelled
            .Select(i => (Index: i, Class: classes.IndexOf(test.Labels[i]!.MaxBy(l => l.Value).Key)))
            .Where(x => x.Class >= 0).ToList();
        if (judged.Count == 0) return null;
        var truth = judged.Select(x => x.Class).ToList();
        var probabilities = judged
            .Select(x => classes.Select(c => predictions[x.Index].Scores?.GetValueOrDefault(c) ?? 0).ToArray()).ToList();
        var report = EvaluationReport.ForClassification($"{model.Kind}: held-out test", classes, truth, probabilities, learningCurves, details);
        var metrics = report.Classification!;
        if (RunEvaluationDiagnosis.Decisions(metrics, classes, details.GetValueOrDefault(DataShiftDetail)) is { } diagnosis)
            report = report with { Details = new Dictionary<string, string>(details) { [DiagnosisDetail] = diagnosis } };
        var headline = new Dictionary<string, double>
        {
            ["test_accuracy"] = metrics.Accuracy,
            ["test_macro_f1"] = metrics.MacroF1,
            // The mean of per-class recalls: unlike accuracy, it does not move with the test part's class balance.
            ["test_balanced_accuracy"] = metrics.MacroRecall,
        };
        if (!double.IsNaN(metrics.MacroRocAuc)) headline["test_macro_roc_auc"] = metrics.MacroRocAuc;
        return (report, headline);
    }

    private static (EvaluationReport, IReadOnlyDictionary<string, double>)? Regression(IRegressionModel model, WindowSet test,
        IReadOnlyList<Prediction> predictions, IReadOnlyDictionary<(string Key, int Step), double> learningCurves,
        IReadOnlyDictionary<string, string> details) =>
        RunEvaluationKinds.Regression(model, test, predictions, learningCurves, details);

    /// <summary>The report's facts naming the channels the test part shifted in, and why held-out decisions went wrong.</summary>
    public const string DataShiftDetail = "Data shift", DiagnosisDetail = "Diagnosis";

    /// <summary>A class's share of the labelled windows beyond which, between the two parts, the report warns.</summary>
    public const double ClassShiftWarning = 0.2;

    /// <summary>
    /// Facts shown at the top of the report, with the class balance of the training and test parts: a split by time can
    /// leave a fault's long stretch on one side (a SKAB valve file's test part had 31 % anomalous windows), and accuracy
    /// then reflects the shift as much as the model, so the report warns and points to balanced accuracy.
    /// </summary>
    public static Dictionary<string, string> Details(TrainingRun run, TimeSplit split)
    {
        var details = new Dictionary<string, string>
        {
            ["Run"] = run.Name,
            ["Model"] = run.TrainerKind,
            ["Split"] = string.Create(CultureInfo.InvariantCulture,
                $"by time: latest {TestFraction:P0} of each dataset held out; {split.Train.Count} training windows, {split.Test.Count} test windows, {split.Dropped} dropped at the split point"),
            ["Final model"] = "fitted on the training windows only",
        };
        if (RunEvaluationDiagnosis.DataShift(split.Train, split.Test) is { } shift) details[DataShiftDetail] = shift;
        var (train, test) = (Shares(split.Train), Shares(split.Test));
        if (train.Count < 2 && test.Count < 2) return details;
        var classes = train.Keys.Union(test.Keys).Order(StringComparer.Ordinal).ToList();
        string Describe(Dictionary<string, double> shares) =>
            string.Join(", ", classes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c} {shares.GetValueOrDefault(c):P0}")));
        details["Class balance"] = $"training: {Describe(train)}; test: {Describe(test)}";
        var shifted = classes.Where(c => Math.Abs(train.GetValueOrDefault(c) - test.GetValueOrDefault(c)) > ClassShiftWarning).ToList();
        if (shifted.Count > 0)
            details["Warning"] = $"The test part's class balance differs greatly from the training part's ({string.Join(", ", shifted)}): accuracy follows that shift, and a model whose scores rank well can still cross its threshold on the wrong side. Read balanced accuracy and ROC-AUC beside it.";
        return details;
    }

    /// <summary>Each class's share of the labelled windows (top label each).</summary>
    private static Dictionary<string, double> Shares(WindowSet windows)
    {
        var tops = windows.Labels.Where(l => l is { Count: > 0 }).Select(l => l!.MaxBy(kv => kv.Value).Key).ToList();
        return tops.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double)g.Count() / tops.Count, StringComparer.Ordinal);
    }
}
