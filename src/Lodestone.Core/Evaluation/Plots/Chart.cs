namespace Lodestone.Evaluation.Plots;

/// <summary>
/// An x–y chart: title, axis labels, nice ticks with a light grid, lines, points, bars, shaded spans, horizontal
/// reference lines and a legend, rendered to a <see cref="PlotCanvas"/>. Axis ranges follow the data unless fixed.
/// </summary>
public sealed class Chart(string title, string xLabel, string yLabel)
{
    private const double TickSize = 11, LabelSize = 12, TitleSize = 15;
    private readonly List<ChartSeries> _series = [];

    public double? XMin { get; init; }
    public double? XMax { get; init; }
    public double? YMin { get; init; }
    public double? YMax { get; init; }
    public LegendPosition Legend { get; init; } = LegendPosition.TopRight;

    public Chart Line(string? name, double[] x, double[] y, Rgb? color = null, double width = 1.8, double dash = 0) =>
        Add(new ChartSeries(SeriesKind.Line, name, x, y, null, color ?? NextColor(), width, dash, 1));

    public Chart Points(string? name, double[] x, double[] y, Rgb? color = null, double radius = 2.5, double opacity = 0.7) =>
        Add(new ChartSeries(SeriesKind.Points, name, x, y, null, color ?? NextColor(), radius, 0, opacity));

    public Chart Bars(string? name, double[] left, double[] right, double[] height, Rgb? color = null, double opacity = 0.85) =>
        Add(new ChartSeries(SeriesKind.Bars, name, left, height, right, color ?? NextColor(), 0, 0, opacity));

    public Chart Spans(string? name, double[] start, double[] end, Rgb color, double opacity = 0.18) =>
        Add(new ChartSeries(SeriesKind.Spans, name, start, [], end, color, 0, 0, opacity));

    public Chart HorizontalLine(string? name, double y, Rgb color, double dash = 5) =>
        Add(new ChartSeries(SeriesKind.HorizontalLine, name, [], [y], null, color, 1.5, dash, 1));

    private Chart Add(ChartSeries series)
    {
        if (series.Kind is SeriesKind.Line or SeriesKind.Points && series.X.Length != series.Y.Length)
            throw new ArgumentException("A series needs as many x as y values.");
        _series.Add(series);
        return this;
    }

    private Rgb NextColor() => Palette.Color(_series.Count(s => s.Kind is SeriesKind.Line or SeriesKind.Points or SeriesKind.Bars));

    public PlotCanvas Render(int width = 640, int height = 420)
    {
        var (xLo, xHi) = Range(s => s.Kind switch
        {
            SeriesKind.Bars or SeriesKind.Spans => s.X.Concat(s.X2!),
            SeriesKind.HorizontalLine => [],
            _ => s.X,
        });
        var (yLo, yHi) = Range(s => s.Kind switch { SeriesKind.Bars => s.Y.Append(0), SeriesKind.Spans => [], _ => s.Y });
        var xAxis = Ticks.Nice(XMin ?? xLo, XMax ?? xHi, 6, XMin.HasValue, XMax.HasValue);
        var yAxis = Ticks.Nice(YMin ?? yLo, YMax ?? yHi, 6, YMin.HasValue, YMax.HasValue);
        var yTickLabels = yAxis.Values.Select(v => Ticks.Format(v, yAxis.Step)).ToArray();
        var left = 30 + yTickLabels.Max(l => PlotCanvas.TextWidth(l, TickSize)) + 8;
        double top = 40, right = width - 18, bottom = height - 46;
        double X(double v) => left + (v - xAxis.Min) / (xAxis.Max - xAxis.Min) * (right - left);
        double Y(double v) => bottom - (v - yAxis.Min) / (yAxis.Max - yAxis.Min) * (bottom - top);
        double ClampX(double v) => Math.Clamp(X(v), left, right);
        double ClampY(double v) => Math.Clamp(Y(v), top, bottom);

        var canvas = new PlotCanvas(width, height);
        for (var i = 0; i < yAxis.Values.Length; i++)
        {
            var y = Y(yAxis.Values[i]);
            canvas.Line(left, y, right, y, Palette.Grid);
            canvas.Line(left - 4, y, left, y, Palette.Axis);
            canvas.Text(left - 7, y + TickSize * 0.35, yTickLabels[i], TickSize, Palette.MutedText, TextAnchor.End);
        }
        foreach (var v in xAxis.Values)
        {
            var x = X(v);
            canvas.Line(x, top, x, bottom, Palette.Grid);
            canvas.Line(x, bottom, x, bottom + 4, Palette.Axis);
            canvas.Text(x, bottom + 17, Ticks.Format(v, xAxis.Step), TickSize, Palette.MutedText, TextAnchor.Middle);
        }

        foreach (var s in _series.OrderBy(s => s.Kind switch { SeriesKind.Spans => 0, SeriesKind.Bars => 1, _ => 2 }))
        {
            switch (s.Kind)
            {
                case SeriesKind.Spans:
                    for (var i = 0; i < s.X.Length; i++)
                        canvas.Rect(ClampX(s.X[i]), top, ClampX(s.X2![i]) - ClampX(s.X[i]), bottom - top, s.Color, s.Opacity);
                    break;
                case SeriesKind.Bars:
                    for (var i = 0; i < s.X.Length; i++)
                    {
                        double y0 = ClampY(0), y1 = ClampY(s.Y[i]);
                        canvas.Rect(ClampX(s.X[i]) + 0.5, Math.Min(y0, y1), ClampX(s.X2![i]) - ClampX(s.X[i]) - 1, Math.Abs(y1 - y0), s.Color, s.Opacity);
                    }
                    break;
                case SeriesKind.Line:
                    foreach (var (xs, ys) in FiniteRuns(s.X, s.Y))
                        canvas.Polyline(xs.Select(ClampX).ToArray(), ys.Select(ClampY).ToArray(), s.Color, s.Width, s.Dash);
                    break;
                case SeriesKind.Points:
                    for (var i = 0; i < s.X.Length; i++)
                        if (double.IsFinite(s.X[i]) && double.IsFinite(s.Y[i]))
                            canvas.Circle(ClampX(s.X[i]), ClampY(s.Y[i]), s.Width, s.Color, s.Opacity);
                    break;
                case SeriesKind.HorizontalLine:
                    canvas.Line(left, ClampY(s.Y[0]), right, ClampY(s.Y[0]), s.Color, s.Width, s.Dash);
                    break;
            }
        }

        canvas.Line(left, bottom, right, bottom, Palette.Axis).Line(left, top, left, bottom, Palette.Axis);
        canvas.Text(width / 2.0, 24, title, TitleSize, Palette.Text, TextAnchor.Middle, bold: true);
        canvas.Text((left + right) / 2, height - 10, xLabel, LabelSize, Palette.Text, TextAnchor.Middle);
        canvas.Text(18, (top + bottom) / 2, yLabel, LabelSize, Palette.Text, TextAnchor.Middle, vertical: true);
        DrawLegend(canvas, left, top, right, bottom);
        return canvas;
    }

    private (double Lo, double Hi) Range(Func<ChartSeries, IEnumerable<double>> values)
    {
        var finite = _series.SelectMany(values).Where(double.IsFinite).ToArray();
        return finite.Length > 0 ? (finite.Min(), finite.Max()) : (0, 1);
    }

    /// <summary>A line breaks where a value is missing (NaN) instead of jumping across the gap.</summary>
    private static IEnumerable<(double[] X, double[] Y)> FiniteRuns(double[] x, double[] y)
    {
        var start = 0;
        for (var i = 0; i <= x.Length; i++)
        {
            if (i < x.Length && double.IsFinite(x[i]) && double.IsFinite(y[i])) continue;
            if (i - start >= 1) yield return (x[start..i], y[start..i]);
            start = i + 1;
        }
    }

    private void DrawLegend(PlotCanvas canvas, double left, double top, double right, double bottom)
    {
        const int MaxEntries = 10;
        var entries = _series.Where(s => s.Name is not null).Take(MaxEntries).ToList();
        if (Legend == LegendPosition.None || entries.Count == 0) return;
        const double Row = 16, Swatch = 18, Pad = 6;
        var w = Pad * 3 + Swatch + entries.Max(e => PlotCanvas.TextWidth(e.Name!, TickSize));
        var h = Pad * 2 + entries.Count * Row - 4;
        var x = Legend is LegendPosition.TopLeft or LegendPosition.BottomLeft ? left + 8 : right - 8 - w;
        var y = Legend is LegendPosition.TopLeft or LegendPosition.TopRight ? top + 8 : bottom - 8 - h;
        canvas.Rect(x, y, w, h, Palette.Background, 0.85);
        canvas.Polyline([x, x + w, x + w, x, x], [y, y, y + h, y + h, y], Palette.Grid, 1);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var cy = y + Pad + i * Row + 6;
            switch (e.Kind)
            {
                case SeriesKind.Line or SeriesKind.HorizontalLine: canvas.Line(x + Pad, cy, x + Pad + Swatch, cy, e.Color, Math.Max(e.Width, 1.5), e.Dash > 0 ? 3 : 0); break;
                case SeriesKind.Points: canvas.Circle(x + Pad + Swatch / 2, cy, 3.5, e.Color); break;
                default: canvas.Rect(x + Pad, cy - 5, Swatch, 10, e.Color, Math.Max(e.Opacity, 0.35)); break;
            }
            canvas.Text(x + Pad * 2 + Swatch, cy + TickSize * 0.35, e.Name!, TickSize, Palette.Text);
        }
    }
}
