using System.Text.RegularExpressions;
using Lodestone.Evaluation.Plots;

namespace Lodestone.Evaluation;

public class EvaluationReportTests
{
    private static readonly string[] Classes = ["idle", "walking", "running"];

    private static EvaluationReport Classification()
    {
        var random = new Random(7);
        var truth = Enumerable.Range(0, 90).Select(i => i % 3).ToArray();
        var probabilities = truth.Select(t =>
        {
            var p = Enumerable.Range(0, 3).Select(c => random.NextDouble() + (c == t ? 1.2 : 0)).ToArray();
            return p.Select(v => v / p.Sum()).ToArray();
        }).ToArray();
        var learning = new Dictionary<(string Key, int Step), double>();
        for (var epoch = 1; epoch <= 12; epoch++)
        {
            learning[("train_loss", epoch)] = 1.0 / epoch;
            learning[("val_loss", epoch)] = 1.2 / epoch + 0.05;
            learning[("val_accuracy", epoch)] = 1 - 0.5 / epoch;
        }
        return EvaluationReport.ForClassification("Motion classifier v3", Classes, truth, probabilities, learning,
            new Dictionary<string, string> { ["model"] = "lightgbm", ["windows"] = "90" });
    }

    private static EvaluationReport Anomaly()
    {
        var truth = Enumerable.Range(0, 3000).Select(i => i is >= 1200 and < 1500).ToArray();
        var scores = truth.Select((t, i) => Math.Sin(i / 40.0) * 0.05 + (t ? 0.7 : 0.4)).ToArray();
        return EvaluationReport.ForAnomalyDetection("Pump detector", truth, scores, 0.6);
    }

    private static EvaluationReport Regression()
    {
        double[] actual = Enumerable.Range(0, 200).Select(i => i / 10.0).ToArray();
        double[] predicted = actual.Select((a, i) => a + Math.Sin(i) * 0.3).ToArray();
        return EvaluationReport.ForRegression("Drift predictor", actual, predicted);
    }

    public static TheoryData<string> Kinds => new() { "classification", "anomaly", "regression" };

    private static EvaluationReport Of(string kind) => kind switch
    {
        "classification" => Classification(),
        "anomaly" => Anomaly(),
        _ => Regression(),
    };

    [Theory, MemberData(nameof(Kinds))]
    public void ToJson_RoundTripsEveryFigure(string kind)
    {
        var report = Of(kind);
        var json = report.ToJson();
        var back = EvaluationReport.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(report.Plots().Select(p => p.Canvas.ToSvg()), back.Plots().Select(p => p.Canvas.ToSvg()));
    }

    [Fact]
    public void FromJson_KeepsMetricsAndConfusionMatrix()
    {
        var report = Classification();
        var back = EvaluationReport.FromJson(report.ToJson());
        Assert.Equal(report.Classification!.Accuracy, back.Classification!.Accuracy);
        Assert.Equal(report.Classification.ConfusionMatrix!, back.Classification.ConfusionMatrix!);
        Assert.Equal(report.Classification.PerClass, back.Classification.PerClass);
        Assert.Equal("lightgbm", back.Details["model"]);
        Assert.Equal(3, back.LearningCurves.Count);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void ToHtml_HasAnSvgPerPlotAndNothingExternal(string kind)
    {
        var report = Of(kind);
        var html = report.ToHtml();
        Assert.Equal(report.Plots().Count, Regex.Matches(html, "<svg ").Count);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("url(", html);
    }

    [Fact]
    public void Plots_CoverEveryKindOfPlot()
    {
        Assert.Equal(["learning-loss", "learning-accuracy", "confusion-matrix", "roc", "precision-recall", "reliability"],
            Classification().Plots().Select(p => p.Name));
        Assert.Equal(["anomaly-score", "roc", "precision-recall"], Anomaly().Plots().Select(p => p.Name));
        Assert.Equal(["predicted-vs-actual", "residuals"], Regression().Plots().Select(p => p.Name));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void WriteTo_WritesJsonHtmlAndValidPngs(string kind)
    {
        var report = Of(kind);
        var folder = Path.Combine(Path.GetTempPath(), "lodestone-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            report.WriteTo(folder);
            Assert.Equal(report.ToJson(), File.ReadAllText(Path.Combine(folder, "report.json")));
            Assert.Contains("<svg ", File.ReadAllText(Path.Combine(folder, "report.html")));
            foreach (var plot in report.Plots())
            {
                var png = PngFile.Read(File.ReadAllBytes(Path.Combine(folder, "plots", plot.Name + ".png")));
                Assert.Equal((plot.Canvas.Width * 2, plot.Canvas.Height * 2), (png.Width, png.Height));
                Assert.Equal(png.Height * (1 + 3 * png.Width), png.Scanlines.Length);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ConfusionMatrixPlot_ShowsEveryCountAsText()
    {
        int[][] matrix = [[17, 3, 0], [5, 42, 1], [2, 0, 29]];
        var svg = Heatmap.Render("Confusion matrix", Classes, matrix).ToSvg();
        foreach (var count in matrix.SelectMany(r => r))
            Assert.Matches($">{count}</text>", svg);
        foreach (var name in Classes) Assert.Contains($">{name}</text>", svg);
    }

    [Fact]
    public void AnomalyReport_FlagsScoresAtOrAboveTheThreshold()
    {
        var report = EvaluationReport.ForAnomalyDetection("t", [true, false, true, false], [0.9, 0.5, 0.4, 0.1], 0.5);
        Assert.Equal((1, 1, 1, 1), (report.Anomaly!.TruePositives, report.Anomaly.TrueNegatives,
            report.Anomaly.FalsePositives, report.Anomaly.FalseNegatives));
    }

    [Fact]
    public void ScoreTrace_KeepsEachBucketsHighestScore_WhenTheSeriesIsLong()
    {
        var scores = new double[10_000];
        scores[4321] = 9;
        var trace = ScoreTrace.Of(scores, scores.Select(s => s > 0).ToArray(), 1);
        Assert.True(trace.Score.Length <= ScoreTrace.MaxPoints);
        Assert.Equal(9, trace.Score.Max());
        Assert.Equal(4321, trace.Position[Array.IndexOf(trace.Score, 9.0)]);
        Assert.Single(trace.Anomalous, a => a);
    }

    [Fact]
    public void MetricSeries_GroupsTrainAndValidationUnderOneQuantity()
    {
        var series = MetricSeries.From(new Dictionary<(string Key, int Step), double>
        {
            [("train_loss", 2)] = 0.5, [("train_loss", 1)] = 0.9, [("val_loss", 1)] = 1.0, [("accuracy/val", 1)] = 0.7,
        });
        Assert.Equal(["accuracy/val", "train_loss", "val_loss"], series.Select(s => s.Key));
        Assert.Equal([1, 2], series[1].Steps);
        Assert.Equal([0.9, 0.5], series[1].Values);
        Assert.Equal(["accuracy", "loss", "loss"], series.Select(s => s.Quantity));
    }
}
