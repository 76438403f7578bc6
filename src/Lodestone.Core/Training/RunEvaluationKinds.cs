using System.Globalization;
using Lodestone.Evaluation;
using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>The held-out reports of regressors and multi-label classifiers, kept beside <see cref="RunEvaluation"/>.</summary>
internal static class RunEvaluationKinds
{
    private const double DefaultThreshold = 0.5;

    /// <summary>MAE, RMSE and R² over the test windows that have both a true and a predicted value.</summary>
    public static (EvaluationReport, IReadOnlyDictionary<string, double>)? Regression(IRegressionModel model, WindowSet test,
        IReadOnlyList<Prediction> predictions, IReadOnlyDictionary<(string Key, int Step), double> learningCurves,
        IReadOnlyDictionary<string, string> details)
    {
        var actual = model.Actual(test);
        var judged = Enumerable.Range(0, test.Count).Where(i => double.IsFinite(actual[i]) && double.IsFinite(predictions[i].Score)).ToList();
        if (judged.Count == 0) return null;
        var report = EvaluationReport.ForRegression($"{model.Kind}: held-out test", judged.Select(i => actual[i]).ToList(),
            judged.Select(i => predictions[i].Score).ToList(), learningCurves, details);
        var metrics = report.Regression!;
        return (report, new Dictionary<string, double>
        {
            ["test_mae"] = metrics.Mae,
            ["test_rmse"] = metrics.Rmse,
            ["test_r2"] = metrics.R2,
        });
    }

    /// <summary>
    /// Each label judged as its own decision, at the probability from which the model itself predicts a label
    /// (<see cref="IMultiLabelModel.Threshold"/>; 0.5 for a model that names none): a window's true labels are those of
    /// positive weight; its scores are the model's per-label probabilities, or 1 for a chosen label and 0 otherwise when
    /// the model gives no scores.
    /// </summary>
    public static (EvaluationReport, IReadOnlyDictionary<string, double>)? MultiLabel(ITrainedModel model, WindowSet test,
        IReadOnlyList<Prediction> predictions, List<int> labelled,
        IReadOnlyDictionary<(string Key, int Step), double> learningCurves, IReadOnlyDictionary<string, string> details)
    {
        var classes = predictions.SelectMany(p => (IEnumerable<string>?)p.Scores?.Keys ?? p.Labels ?? [])
            .Distinct().Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0) return null;
        var truth = labelled.Select(i => classes.Select(c => test.Labels[i]!.TryGetValue(c, out var w) && w > 0).ToArray()).ToList();
        var probabilities = labelled.Select(i => classes.Select(c => Score(predictions[i], c)).ToArray()).ToList();
        var threshold = (model as IMultiLabelModel)?.Threshold ?? DefaultThreshold;
        var shown = new Dictionary<string, string>(details)
        {
            ["Decision threshold"] = string.Create(CultureInfo.InvariantCulture, $"{threshold:0.###}: a label is predicted from this probability on"),
        };
        var report = EvaluationReport.ForMultiLabelClassification($"{model.Kind}: held-out test", classes, truth, probabilities,
            learningCurves, shown, threshold);
        var metrics = report.Classification!;
        var headline = new Dictionary<string, double>
        {
            ["test_accuracy"] = metrics.Accuracy, // exact-set accuracy, under the name single-label runs use
            ["test_subset_accuracy"] = metrics.Accuracy,
            ["test_micro_precision"] = metrics.MicroPrecision,
            ["test_micro_recall"] = metrics.MicroRecall,
            ["test_micro_f1"] = metrics.MicroF1,
            ["test_macro_precision"] = metrics.MacroPrecision,
            ["test_macro_recall"] = metrics.MacroRecall,
            ["test_macro_f1"] = metrics.MacroF1,
        };
        if (!double.IsNaN(metrics.MacroRocAuc)) headline["test_macro_roc_auc"] = metrics.MacroRocAuc;
        return (report, headline);
    }

    private static double Score(Prediction prediction, string label) =>
        prediction.Scores is { } scores ? scores.GetValueOrDefault(label)
        : prediction.Labels?.Contains(label) == true ? 1 : 0;
}
