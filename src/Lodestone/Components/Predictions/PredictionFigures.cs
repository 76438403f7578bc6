using System.Globalization;
using Lodestone.Components.Charts;
using Lodestone.Datasets;
using Lodestone.Predictions;

namespace Lodestone.Components.Predictions;

/// <summary>
/// Plotly figures of a prediction batch's results: a detector's score as a trace on an axis of its own with its
/// threshold as a dashed line and the flagged windows shaded; a classifier's labels as coloured bands, one strip per sensor.
/// </summary>
public static class PredictionFigures
{
    private const string Flag = "#d62728";
    private const int MaxShapes = 400;
    private static readonly string[] LabelPalette = ["#2ca02c", "#ff7f0e", "#9467bd", "#17becf", "#e377c2", "#8c564b", "#bcbd22", "#1f77b4"];

    /// <summary>The dataset chart with the batch's results in a row of their own below the channels, on the same time axis.</summary>
    public static object WithSamples(IReadOnlyList<Series> series, PredictionBatch batch, PredictionView view)
    {
        var (data, layout) = PlotlyFigures.SeriesParts(series, extraRows: 1);
        var channels = series.Count > 0 ? series[0].Channels.Count : 0;
        var rows = channels + 1;
        var axis = rows == 1 ? "y" : $"y{rows}";
        Draw(data, layout, batch, view, axis, domain: [0, Math.Max(0.05, 1.0 - (double)channels / rows - 0.02)], shadeAll: true);
        return new { data, layout };
    }

    /// <summary>The batch's results alone, for a run page: the score over the training data, or its labels.</summary>
    public static object Alone(PredictionBatch batch, PredictionView view)
    {
        var data = new List<object>();
        var layout = new Dictionary<string, object>
        {
            ["height"] = 300,
            ["margin"] = new { l = 70, r = 20, t = 30, b = 40 },
            ["showlegend"] = true,
            ["legend"] = new { orientation = "h", x = 0, y = 1.0, yanchor = "bottom" },
            ["hovermode"] = "x unified",
            ["dragmode"] = "zoom",
            ["xaxis"] = new { type = "date", automargin = true },
            ["paper_bgcolor"] = "white",
            ["plot_bgcolor"] = "#fbfcfd",
        };
        Draw(data, layout, batch, view, "y", domain: [0, 1], shadeAll: true);
        return new { data, layout };
    }

    private static void Draw(List<object> data, Dictionary<string, object> layout, PredictionBatch batch, PredictionView view, string axis,
        double[] domain, bool shadeAll)
    {
        var key = axis == "y" ? "yaxis" : "yaxis" + axis[1..];
        var shapes = new List<object>();
        var name = $"{batch.ModelName} v{batch.VersionNumber}";
        if (view.Bands.Count > 0 || PredictionChecks.DrawsBands(batch.Task))
        {
            var sensors = view.Bands.Select(b => b.Sensor ?? "").Distinct().ToList();
            var labels = batch.LabelCounts.Keys.Concat(view.Bands.Select(b => b.Label)).Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var b in view.Bands.Take(MaxShapes))
            {
                var row = sensors.IndexOf(b.Sensor ?? "");
                shapes.Add(new { type = "rect", xref = "x", yref = axis, x0 = Millis(b.Start), x1 = Millis(b.End), y0 = row - 0.42, y1 = row + 0.42,
                    fillcolor = LabelColor(labels, b.Label), opacity = 0.75, line = new { width = 0 }, layer = "below" });
                // With one sensor the bands show over the channels too, faintly, to read the samples against them.
                if (shadeAll && sensors.Count == 1)
                    shapes.Add(new { type = "rect", xref = "x", yref = "paper", x0 = Millis(b.Start), x1 = Millis(b.End), y0 = 0, y1 = 1,
                        fillcolor = LabelColor(labels, b.Label), opacity = 0.10, line = new { width = 0 }, layer = "below" });
            }
            // One trace per label: its legend entry and the hover at each band's middle.
            foreach (var label in labels)
            {
                var mine = view.Bands.Where(b => b.Label == label).ToList();
                data.Add(new
                {
                    type = "scatter", mode = "markers", name = label, yaxis = axis, legendgroup = "label-" + label, showlegend = true,
                    x = mine.Select(b => Millis(b.Start + (b.End - b.Start) / 2)).ToArray(),
                    y = mine.Select(b => (double)sensors.IndexOf(b.Sensor ?? "")).ToArray(),
                    text = mine.Select(b => $"{label}{(b.Confidence is { } c ? $" ({c.ToString("0.00", CultureInfo.InvariantCulture)})" : "")} · {b.Windows} windows{(b.Sensor is { } s ? " · " + s : "")}").ToArray(),
                    hovertemplate = "%{text}<extra></extra>",
                    marker = new { size = 7, symbol = "square", color = LabelColor(labels, label) },
                });
            }
            layout[key] = new
            {
                domain, title = new { text = name, font = new { size = 12 } }, fixedrange = true, automargin = true, zeroline = false, showgrid = false,
                tickvals = Enumerable.Range(0, Math.Max(1, sensors.Count)).ToArray(),
                ticktext = sensors.Count == 0 ? ["labels"] : sensors.Select(s => s.Length == 0 ? "labels" : s).ToArray(),
                range = new[] { -0.5, Math.Max(1, sensors.Count) - 0.5 },
            };
        }
        else
        {
            var groups = view.Scores.GroupBy(p => p.Sensor ?? "").ToList();
            for (var g = 0; g < groups.Count; g++)
            {
                var points = groups[g].ToList();
                var label = groups.Count > 1 ? $"score {groups[g].Key}" : "score";
                data.Add(new
                {
                    type = "scatter", mode = "lines", name = label, yaxis = axis, legendgroup = groups[g].Key, showlegend = true,
                    x = points.Select(p => Millis(p.Start + (p.End - p.Start) / 2)).ToArray(), y = points.Select(p => p.Score).ToArray(),
                    line = new { width = 1.4, color = PlotlyFigures.Color(g), shape = view.Raw ? "linear" : "hv" }, connectgaps = false,
                });
                var flagged = points.Where(p => p.Flagged).ToList();
                if (flagged.Count > 0)
                    data.Add(new
                    {
                        type = "scatter", mode = "markers", name = groups.Count > 1 ? $"flagged {groups[g].Key}" : "flagged", yaxis = axis, legendgroup = groups[g].Key,
                        x = flagged.Select(p => Millis(p.Start + (p.End - p.Start) / 2)).ToArray(), y = flagged.Select(p => p.Score).ToArray(),
                        marker = new { size = 6, color = Flag, symbol = "x" },
                    });
            }
            // The flagged stretches shaded over the whole chart (merged where they touch), so the samples behind a flag show.
            foreach (var (start, end) in FlaggedRanges(view.Scores).Take(MaxShapes))
                shapes.Add(new { type = "rect", xref = "x", yref = shadeAll ? "paper" : axis, x0 = Millis(start), x1 = Millis(end), y0 = 0, y1 = 1,
                    fillcolor = Flag, opacity = 0.10, line = new { width = 0 }, layer = "below" });
            if (batch.Threshold is { } threshold && view.Scores.Count > 0)
                data.Add(new
                {
                    type = "scatter", mode = "lines", name = $"threshold {threshold.ToString("0.###", CultureInfo.InvariantCulture)}", yaxis = axis,
                    x = new[] { Millis(view.Scores.Min(p => p.Start)), Millis(view.Scores.Max(p => p.End)) }, y = new[] { threshold, threshold },
                    line = new { width = 1.2, color = Flag, dash = "dash" }, hoverinfo = "skip",
                });
            layout[key] = new { domain, title = new { text = name, font = new { size = 12 } }, fixedrange = true, automargin = true, zeroline = false, hoverformat = ".4~g" };
        }
        layout["shapes"] = shapes;
        layout["showlegend"] = true;
    }

    private static IEnumerable<(DateTime Start, DateTime End)> FlaggedRanges(IReadOnlyList<ScorePoint> points)
    {
        (DateTime Start, DateTime End)? open = null;
        foreach (var p in points.Where(p => p.Flagged).OrderBy(p => p.Start))
        {
            if (open is { } o && p.Start <= o.End) open = (o.Start, p.End > o.End ? p.End : o.End);
            else
            {
                if (open is { } done) yield return done;
                open = (p.Start, p.End);
            }
        }
        if (open is { } last) yield return last;
    }

    // A detector's or a label channel's two classes read at a glance: anomalies red, normal windows a quiet grey.
    private static string LabelColor(IReadOnlyList<string> labels, string label) =>
        label.Equals("anomaly", StringComparison.OrdinalIgnoreCase) ? Flag
        : label.Equals("normal", StringComparison.OrdinalIgnoreCase) ? "#9aa5b1"
        : LabelPalette[Math.Max(0, labels.ToList().IndexOf(label)) % LabelPalette.Length];

    private static double Millis(DateTime time) => PlotlyFigures.ToMillis(time);
}
