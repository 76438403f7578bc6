namespace Lodestone.Evaluation.Plots;

internal enum SeriesKind { Line, Points, Bars, Spans, HorizontalLine }

/// <summary>
/// One thing drawn in a chart's plot area. Bars run from X to X2 and from 0 to Y; spans shade X to X2 over the full height;
/// a horizontal line sits at Y[0] across the plot.
/// </summary>
internal sealed record ChartSeries(SeriesKind Kind, string? Name, double[] X, double[] Y, double[]? X2, Rgb Color,
    double Width, double Dash, double Opacity);
