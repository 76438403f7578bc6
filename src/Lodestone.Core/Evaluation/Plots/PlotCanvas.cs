namespace Lodestone.Evaluation.Plots;

/// <summary>
/// A plot as a list of shapes on a canvas of <see cref="Width"/> × <see cref="Height"/> units, drawn once and rendered
/// to SVG (for the HTML report) and to PNG (for download) from the same shapes, so the two always show the same thing.
/// Text is measured as a monospaced font 0.6 em wide per character, which both renderers honour.
/// </summary>
public sealed class PlotCanvas(int width, int height)
{
    /// <summary>Advance of one character, in em: the SVG uses a monospaced family and the PNG's bitmap font is 5+1 of 10.</summary>
    public const double CharWidth = 0.6;

    private readonly List<Shape> _shapes = [];

    public int Width { get; } = width;
    public int Height { get; } = height;

    internal IReadOnlyList<Shape> Shapes => _shapes;

    public PlotCanvas Line(double x0, double y0, double x1, double y1, Rgb color, double width = 1, double dash = 0, double opacity = 1) =>
        Polyline([x0, x1], [y0, y1], color, width, dash, opacity);

    public PlotCanvas Polyline(double[] x, double[] y, Rgb color, double width = 1.5, double dash = 0, double opacity = 1)
    {
        if (x.Length != y.Length) throw new ArgumentException("A polyline needs as many x as y values.");
        if (x.Length >= 2) _shapes.Add(new PolylineShape(x, y, width, dash, color, opacity));
        return this;
    }

    public PlotCanvas Rect(double x, double y, double w, double h, Rgb color, double opacity = 1)
    {
        if (w > 0 && h > 0) _shapes.Add(new RectShape(x, y, w, h, color, opacity));
        return this;
    }

    public PlotCanvas Circle(double x, double y, double radius, Rgb color, double opacity = 1)
    {
        _shapes.Add(new CircleShape(x, y, radius, color, opacity));
        return this;
    }

    public PlotCanvas Text(double x, double y, string text, double size, Rgb color, TextAnchor anchor = TextAnchor.Start,
        bool vertical = false, bool bold = false)
    {
        if (text.Length > 0) _shapes.Add(new TextShape(x, y, text, size, anchor, vertical, bold, color));
        return this;
    }

    /// <summary>The width a text takes at a font size, as both renderers draw it.</summary>
    public static double TextWidth(string text, double size) => text.Length * size * CharWidth;

    /// <summary>An SVG element; <paramref name="standalone"/> adds the XML namespace a separate .svg file needs (inline SVG in HTML does not).</summary>
    public string ToSvg(bool standalone = false) => SvgWriter.Write(this, standalone);

    /// <summary>A PNG image at <paramref name="scale"/> pixels per canvas unit.</summary>
    public byte[] ToPng(int scale = 2) => PngEncoder.Encode(Raster.Draw(this, scale));
}
