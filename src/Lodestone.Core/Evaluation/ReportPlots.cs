using System.Globalization;
using System.Text.RegularExpressions;
using Lodestone.Evaluation.Plots;

namespace Lodestone.Evaluation;

/// <summary>Draws a report's plots from its data: learning curves, then the plots of its kind.</summary>
internal static partial class ReportPlots
{
    public static IReadOnlyList<ReportPlot> For(EvaluationReport report)
    {
        var plots = new List<ReportPlot>();
        plots.AddRange(LearningCurves(report.LearningCurves));
        if (report.Classification is { } metrics)
        {
            if (metrics.ConfusionMatrix is { } matrix)
                plots.Add(new("confusion-matrix", "Confusion matrix", Heatmap.Render(
                    $"Confusion matrix (accuracy {F(metrics.Accuracy)})", metrics.Classes, matrix)));
            if (report.ClassCurves is { Count: > 0 } curves)
            {
                plots.Add(Roc(curves, metrics.PerClass.Select(c => c.RocAuc).ToArray()));
                plots.Add(PrecisionRecall(curves, metrics.PerClass.Select(c => c.PrAuc).ToArray()));
            }
            plots.Add(Reliability(metrics));
        }
        if (report.Anomaly is { } anomaly && report.Scores is { } trace)
        {
            plots.Add(ScoreOverTime(trace, anomaly));
            if (report.AnomalyCurves is { } c)
            {
                plots.Add(Roc([c], [Area(c.Roc)]));
                plots.Add(PrecisionRecall([c], [anomaly.PrAuc]));
            }
        }
        if (report.Regression is { } regression && report.Predictions is { } sample)
        {
            plots.Add(PredictedVersusActual(sample, regression));
            plots.Add(ResidualHistogram(sample));
        }
        return plots;
    }

    private static IEnumerable<ReportPlot> LearningCurves(IReadOnlyList<MetricSeries> series) =>
        series.GroupBy(s => s.Quantity, StringComparer.OrdinalIgnoreCase).Select(group =>
        {
            var chart = new Chart($"Learning curve: {group.Key}", "step", group.Key) { Legend = LegendPosition.TopRight };
            var index = 0;
            foreach (var s in group)
            {
                double[] x = s.Steps.Select(v => (double)v).ToArray();
                var color = Palette.Color(index++);
                chart.Line(s.Key, x, s.Values, color);
                if (s.Values.Length <= 40) chart.Points(null, x, s.Values, color, 2.5, 1);
            }
            return new ReportPlot("learning-" + FileName(group.Key), $"Learning curve: {group.Key}", chart.Render());
        });

    private static ReportPlot Roc(IReadOnlyList<ClassCurves> curves, double[] auc)
    {
        var chart = new Chart("ROC curve", "False positive rate", "True positive rate")
            { XMin = 0, XMax = 1, YMin = 0, YMax = 1, Legend = LegendPosition.BottomRight };
        chart.Line(null, [0, 1], [0, 1], Palette.Reference, 1, 4);
        for (var i = 0; i < curves.Count; i++)
            chart.Line($"{curves[i].Name} (AUC {F(auc[i])})", curves[i].Roc.X, curves[i].Roc.Y, Palette.Color(i));
        return new("roc", "ROC curve", chart.Render());
    }

    private static ReportPlot PrecisionRecall(IReadOnlyList<ClassCurves> curves, double[] averagePrecision)
    {
        var chart = new Chart("Precision-recall curve", "Recall", "Precision")
            { XMin = 0, XMax = 1, YMin = 0, YMax = 1.02, Legend = LegendPosition.BottomLeft };
        for (var i = 0; i < curves.Count; i++)
            chart.Line($"{curves[i].Name} (AP {F(averagePrecision[i])})", curves[i].PrecisionRecall.X, curves[i].PrecisionRecall.Y, Palette.Color(i));
        return new("precision-recall", "Precision-recall curve", chart.Render());
    }

    private static ReportPlot Reliability(ClassificationMetrics metrics)
    {
        var bins = metrics.Reliability.Where(b => b.Count > 0).ToArray();
        var chart = new Chart($"Reliability (ECE {F(metrics.ExpectedCalibrationError)})", "Confidence", "Observed accuracy")
            { XMin = 0, XMax = 1, YMin = 0, YMax = 1, Legend = LegendPosition.TopLeft };
        chart.Bars("accuracy per bin", bins.Select(b => b.Lower).ToArray(), bins.Select(b => b.Upper).ToArray(),
            bins.Select(b => b.Accuracy).ToArray(), Palette.Color(0), 0.75);
        chart.Line("perfect calibration", [0, 1], [0, 1], Palette.Reference, 1, 4);
        chart.Points("mean confidence", bins.Select(b => b.MeanConfidence).ToArray(), bins.Select(b => b.Accuracy).ToArray(),
            Palette.Color(1), 3.5, 1);
        return new("reliability", "Reliability diagram", chart.Render());
    }

    private static ReportPlot ScoreOverTime(ScoreTrace trace, AnomalyMetrics metrics)
    {
        var chart = new Chart($"Anomaly score (F1 {F(metrics.F1)}, FAR {metrics.FalseAlarmRate:0.0}%, MAR {metrics.MissedAlarmRate:0.0}%)",
            "position", "score") { Legend = LegendPosition.TopLeft };
        var (start, end) = Runs(trace);
        if (start.Length > 0) chart.Spans("true anomaly", start, end, Palette.Alert);
        chart.Line("score", trace.Position, trace.Score, Palette.Color(0), 1.2);
        chart.HorizontalLine($"threshold {trace.Threshold.ToString("G4", CultureInfo.InvariantCulture)}", trace.Threshold, Palette.Alert);
        return new("anomaly-score", "Anomaly score over time", chart.Render(760, 380));
    }

    /// <summary>Contiguous anomalous stretches of a trace, each widened to the midpoints with its neighbours.</summary>
    private static (double[] Start, double[] End) Runs(ScoreTrace trace)
    {
        var p = trace.Position;
        double Edge(int i) => i <= 0 ? p[0] : i >= p.Length ? p[^1] : (p[i - 1] + p[i]) / 2;
        List<double> start = [], end = [];
        for (var i = 0; i < p.Length; i++)
        {
            if (!trace.Anomalous[i] || (i > 0 && trace.Anomalous[i - 1])) continue;
            var j = i;
            while (j + 1 < p.Length && trace.Anomalous[j + 1]) j++;
            start.Add(Edge(i));
            end.Add(Edge(j + 1));
        }
        return ([.. start], [.. end]);
    }

    private static ReportPlot PredictedVersusActual(PredictionSample sample, RegressionMetrics metrics)
    {
        var all = sample.Actual.Concat(sample.Predicted).Where(double.IsFinite).ToArray();
        double lo = all.Length > 0 ? all.Min() : 0, hi = all.Length > 0 ? all.Max() : 1;
        var chart = new Chart($"Predicted vs actual (MAE {G(metrics.Mae)}, RMSE {G(metrics.Rmse)}, R² {F(metrics.R2)})", "Actual", "Predicted")
            { Legend = LegendPosition.TopLeft };
        chart.Line("y = x", [lo, hi], [lo, hi], Palette.Reference, 1, 4);
        chart.Points("predictions", sample.Actual, sample.Predicted, Palette.Color(0), sample.Actual.Length > 500 ? 1.8 : 3, 0.6);
        return new("predicted-vs-actual", "Predicted vs actual", chart.Render(560, 480));
    }

    private static ReportPlot ResidualHistogram(PredictionSample sample)
    {
        var residuals = sample.Predicted.Zip(sample.Actual, (p, a) => p - a).Where(double.IsFinite).ToArray();
        var chart = new Chart("Residuals (predicted − actual)", "Residual", "Count") { Legend = LegendPosition.None, YMin = 0 };
        if (residuals.Length > 0)
        {
            var bins = Math.Clamp((int)Math.Sqrt(residuals.Length), 5, 40);
            double lo = residuals.Min(), hi = residuals.Max();
            if (hi <= lo) (lo, hi) = (lo - 0.5, hi + 0.5);
            var width = (hi - lo) / bins;
            var counts = new double[bins];
            foreach (var r in residuals) counts[Math.Min(bins - 1, (int)((r - lo) / width))]++;
            chart.Bars("residuals", Enumerable.Range(0, bins).Select(b => lo + b * width).ToArray(),
                Enumerable.Range(0, bins).Select(b => lo + (b + 1) * width).ToArray(), counts, Palette.Color(0));
        }
        return new("residuals", "Residual histogram", chart.Render());
    }

    /// <summary>Trapezoid area under a (thinned) curve; close to the exact AUC since thinning keeps every k-th threshold.</summary>
    private static double Area(Curve curve)
    {
        double area = 0;
        for (var i = 1; i < curve.X.Length; i++) area += (curve.X[i] - curve.X[i - 1]) * (curve.Y[i] + curve.Y[i - 1]) / 2;
        return area;
    }

    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.000", CultureInfo.InvariantCulture);
    private static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
    private static string FileName(string key) => NotFileSafe().Replace(key.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotFileSafe();
}
