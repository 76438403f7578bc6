using System.Globalization;
using System.Net;
using System.Text;

namespace Lodestone.Evaluation.Plots;

/// <summary>Writes a canvas as one SVG element with presentation attributes only (no CSS classes, no external references).</summary>
internal static class SvgWriter
{
    public static string Write(PlotCanvas canvas, bool standalone)
    {
        var svg = new StringBuilder();
        svg.Append("<svg").Append(standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "")
            .Append(CultureInfo.InvariantCulture, $" width=\"{canvas.Width}\" height=\"{canvas.Height}\" viewBox=\"0 0 {canvas.Width} {canvas.Height}\"")
            .Append(" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" role=\"img\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{canvas.Width}\" height=\"{canvas.Height}\" fill=\"{Palette.Background.Hex}\"/>\n");
        foreach (var shape in canvas.Shapes)
        {
            switch (shape)
            {
                case PolylineShape p:
                    svg.Append("<polyline fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"");
                    for (var i = 0; i < p.X.Length; i++) svg.Append(N(p.X[i])).Append(',').Append(N(p.Y[i])).Append(' ');
                    svg.Append(CultureInfo.InvariantCulture, $"\" stroke=\"{p.Color.Hex}\" stroke-width=\"{N(p.Width)}\"");
                    if (p.Dash > 0) svg.Append(CultureInfo.InvariantCulture, $" stroke-dasharray=\"{N(p.Dash)} {N(p.Dash)}\"");
                    Opacity(svg, "stroke-opacity", p.Opacity).Append("/>\n");
                    break;
                case RectShape r:
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(r.X)}\" y=\"{N(r.Y)}\" width=\"{N(r.W)}\" height=\"{N(r.H)}\" fill=\"{r.Color.Hex}\"");
                    Opacity(svg, "fill-opacity", r.Opacity).Append("/>\n");
                    break;
                case CircleShape c:
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(c.X)}\" cy=\"{N(c.Y)}\" r=\"{N(c.Radius)}\" fill=\"{c.Color.Hex}\"");
                    Opacity(svg, "fill-opacity", c.Opacity).Append("/>\n");
                    break;
                case TextShape t:
                    var anchor = t.Anchor switch { TextAnchor.Middle => "middle", TextAnchor.End => "end", _ => "start" };
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(t.X)}\" y=\"{N(t.Y)}\" font-size=\"{N(t.Size)}\" fill=\"{t.Color.Hex}\" text-anchor=\"{anchor}\"");
                    if (t.Bold) svg.Append(" font-weight=\"bold\"");
                    if (t.Vertical) svg.Append(CultureInfo.InvariantCulture, $" transform=\"rotate(-90 {N(t.X)} {N(t.Y)})\"");
                    svg.Append('>').Append(WebUtility.HtmlEncode(t.Text)).Append("</text>\n");
                    break;
            }
        }
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Opacity(StringBuilder svg, string attribute, double opacity) =>
        opacity < 1 ? svg.Append(CultureInfo.InvariantCulture, $" {attribute}=\"{N(opacity)}\"") : svg;

    private static string N(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
