using System.Globalization;

namespace Lodestone.Evaluation.Plots;

/// <summary>
/// A confusion-matrix heatmap: rows are the true class, columns the predicted one; each cell shows its count and is
/// shaded by the share of its row (so a rare class's errors show as clearly as a common one's).
/// </summary>
public static class Heatmap
{
    private const double TickSize = 11, LabelSize = 12, TitleSize = 15;

    public static PlotCanvas Render(string title, IReadOnlyList<string> classes, int[][] counts,
        string xLabel = "Predicted", string yLabel = "True")
    {
        var k = classes.Count;
        if (counts.Length != k || counts.Any(r => r.Length != k)) throw new ArgumentException("The matrix must be square with a row per class.");
        var labels = classes.Select(c => c.Length > 14 ? c[..13] + "…" : c).ToArray();
        var cell = Math.Clamp(420.0 / Math.Max(k, 1), 22, 84);
        var longest = labels.Length > 0 ? labels.Max(l => PlotCanvas.TextWidth(l, TickSize)) : 0;
        var verticalColumns = longest > cell - 4;
        var countSize = Math.Clamp(cell / 3.2, 8, 16);
        double left = 34 + longest + 8, top = 44;
        var gridSize = cell * k;
        var bottomLabels = verticalColumns ? longest + 10 : 20;
        var width = (int)Math.Ceiling(left + gridSize + 24);
        var height = (int)Math.Ceiling(top + gridSize + bottomLabels + 30);
        var canvas = new PlotCanvas(Math.Max(width, 320), height);

        for (var r = 0; r < k; r++)
        {
            var rowTotal = counts[r].Sum();
            for (var c = 0; c < k; c++)
            {
                var share = rowTotal > 0 ? (double)counts[r][c] / rowTotal : 0;
                var fill = Palette.HeatLow.Mix(Palette.HeatHigh, share);
                double x = left + c * cell, y = top + r * cell;
                canvas.Rect(x, y, cell, cell, fill);
                var ink = fill.Luminance < 0.5 ? Palette.Background : Palette.Text;
                canvas.Text(x + cell / 2, y + cell / 2 + countSize * 0.35, counts[r][c].ToString(CultureInfo.InvariantCulture),
                    countSize, ink, TextAnchor.Middle, bold: r == c);
            }
            canvas.Text(left - 6, top + (r + 0.5) * cell + TickSize * 0.35, labels[r], TickSize, Palette.Text, TextAnchor.End);
        }
        for (var i = 0; i <= k; i++)
        {
            canvas.Line(left, top + i * cell, left + gridSize, top + i * cell, Palette.Background);
            canvas.Line(left + i * cell, top, left + i * cell, top + gridSize, Palette.Background);
        }
        for (var c = 0; c < k; c++)
        {
            var x = left + (c + 0.5) * cell;
            if (verticalColumns) canvas.Text(x + TickSize * 0.35, top + gridSize + 6, labels[c], TickSize, Palette.Text, TextAnchor.End, vertical: true);
            else canvas.Text(x, top + gridSize + 16, labels[c], TickSize, Palette.Text, TextAnchor.Middle);
        }
        canvas.Text(canvas.Width / 2.0, 24, title, TitleSize, Palette.Text, TextAnchor.Middle, bold: true);
        canvas.Text(left + gridSize / 2, height - 10, xLabel, LabelSize, Palette.Text, TextAnchor.Middle);
        canvas.Text(16, top + gridSize / 2, yLabel, LabelSize, Palette.Text, TextAnchor.Middle, vertical: true);
        return canvas;
    }
}
