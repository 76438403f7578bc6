using System.Globalization;
using System.Net;
using System.Text;

namespace Lodestone.Evaluation;

/// <summary>
/// The report as one HTML page that opens anywhere without a network: inline CSS, the plots as inline SVG, no scripts,
/// no fonts, images or links fetched from elsewhere.
/// </summary>
internal static class ReportHtml
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#222}
        main{max-width:1180px;margin:0 auto;padding:24px}
        h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 10px}
        .meta{color:#666;font-size:.9rem}
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}
        .card{background:#fff;border:1px solid #e2e4e8;border-radius:8px;padding:10px 16px;min-width:110px}
        .card b{display:block;font-size:1.35rem;font-variant-numeric:tabular-nums}.card span{color:#666;font-size:.8rem}
        table{border-collapse:collapse;background:#fff;font-size:.9rem;font-variant-numeric:tabular-nums}
        th,td{border:1px solid #e2e4e8;padding:5px 10px;text-align:right}th{background:#fafbfc}
        td:first-child,th:first-child{text-align:left}
        .plots{display:flex;flex-wrap:wrap;gap:16px}
        figure{margin:0;background:#fff;border:1px solid #e2e4e8;border-radius:8px;padding:8px}
        figure svg{max-width:100%;height:auto;display:block}figcaption{color:#666;font-size:.85rem;padding:4px}
        """;

    public static string Write(EvaluationReport report, IReadOnlyList<ReportPlot> plots)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(report.Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1>").Append(E(report.Title)).Append("</h1>\n")
            .Append("<div class=\"meta\">").Append(E(report.Kind)).Append(" · ")
            .Append(E(report.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append("</div>\n");
        if (report.Details.Count > 0)
            Table(html, "Details", ["", ""], report.Details.Select(d => new[] { d.Key, d.Value }), header: false);
        if (report.Classification is { } c) Classification(html, c);
        if (report.Anomaly is { } a) Anomaly(html, a, report.Scores?.Threshold);
        if (report.Regression is { } r)
            Cards(html, [("MAE", G(r.Mae)), ("RMSE", G(r.Rmse)), ("R²", F(r.R2)), ("samples", r.Count.ToString(CultureInfo.InvariantCulture))]);
        if (plots.Count > 0)
        {
            html.Append("<h2>Plots</h2>\n<div class=\"plots\">\n");
            foreach (var plot in plots)
                html.Append("<figure id=\"").Append(E(plot.Name)).Append("\">\n").Append(plot.Canvas.ToSvg())
                    .Append("\n<figcaption>").Append(E(plot.Title)).Append("</figcaption>\n</figure>\n");
            html.Append("</div>\n");
        }
        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static void Classification(StringBuilder html, ClassificationMetrics m)
    {
        Cards(html, [("accuracy", F(m.Accuracy)), ("macro F1", F(m.MacroF1)), ("micro F1", F(m.MicroF1)),
            ("macro ROC-AUC", F(m.MacroRocAuc)), ("macro PR-AUC", F(m.MacroPrAuc)), ("ECE", F(m.ExpectedCalibrationError))]);
        Table(html, "Per class", ["class", "precision", "recall", "F1", "support", "ROC-AUC", "PR-AUC"],
            m.PerClass.Select(k => new[] { k.Name, F(k.Precision), F(k.Recall), F(k.F1), k.Support.ToString(CultureInfo.InvariantCulture), F(k.RocAuc), F(k.PrAuc) })
                .Append(["macro", F(m.MacroPrecision), F(m.MacroRecall), F(m.MacroF1), "", F(m.MacroRocAuc), F(m.MacroPrAuc)])
                .Append(["micro", F(m.MicroPrecision), F(m.MicroRecall), F(m.MicroF1), "", "", ""]));
    }

    private static void Anomaly(StringBuilder html, AnomalyMetrics m, double? threshold)
    {
        Cards(html, [("F1", F(m.F1)), ("FAR %", m.FalseAlarmRate.ToString("0.00", CultureInfo.InvariantCulture)),
            ("MAR %", m.MissedAlarmRate.ToString("0.00", CultureInfo.InvariantCulture)), ("precision", F(m.Precision)),
            ("recall", F(m.Recall)), ("PR-AUC", F(m.PrAuc)), ("threshold", threshold is { } t ? G(t) : "n/a")]);
        Table(html, "Counts", ["", "flagged", "not flagged"],
        [
            ["anomalous", I(m.TruePositives), I(m.FalseNegatives)],
            ["normal", I(m.FalsePositives), I(m.TrueNegatives)],
        ]);
    }

    private static void Cards(StringBuilder html, IEnumerable<(string Name, string Value)> cards)
    {
        html.Append("<div class=\"cards\">\n");
        foreach (var (name, value) in cards)
            html.Append("<div class=\"card\"><b>").Append(E(value)).Append("</b><span>").Append(E(name)).Append("</span></div>\n");
        html.Append("</div>\n");
    }

    private static void Table(StringBuilder html, string title, string[] columns, IEnumerable<string[]> rows, bool header = true)
    {
        html.Append("<h2>").Append(E(title)).Append("</h2>\n<table>\n");
        if (header) html.Append("<tr>").AppendJoin("", columns.Select(c => $"<th>{E(c)}</th>")).Append("</tr>\n");
        foreach (var row in rows) html.Append("<tr>").AppendJoin("", row.Select(v => $"<td>{E(v)}</td>")).Append("</tr>\n");
        html.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.000", CultureInfo.InvariantCulture);
    private static string G(double value) => value.ToString("G5", CultureInfo.InvariantCulture);
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
