namespace Lodestone.Evaluation.Plots;

/// <summary>
/// A tiny anti-aliased rasteriser for a canvas: an RGB pixel buffer onto which each shape is blended by its coverage.
/// Lines and circles get their coverage from the distance of the pixel centre to the shape (a one-pixel ramp at the
/// edge); a polyline's coverage is gathered in a mask first (maximum over its segments) and blended once, so joints
/// and dashes do not darken where segments overlap.
/// </summary>
internal sealed class Raster
{
    private readonly float[] _mask;

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    private Raster(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
        _mask = new float[width * height];
    }

    public static Raster Draw(PlotCanvas canvas, int scale)
    {
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), "The PNG scale is a whole number of pixels per unit, at least 1.");
        var raster = new Raster(canvas.Width * scale, canvas.Height * scale);
        raster.Fill(0, 0, raster.Width, raster.Height, Palette.Background, 1);
        foreach (var shape in canvas.Shapes)
        {
            switch (shape)
            {
                case PolylineShape p: raster.Polyline(p, scale); break;
                case RectShape r: raster.Fill(r.X * scale, r.Y * scale, r.W * scale, r.H * scale, r.Color, r.Opacity); break;
                case CircleShape c: raster.Circle(c.X * scale, c.Y * scale, c.Radius * scale, c.Color, c.Opacity); break;
                case TextShape t: raster.Text(t, scale); break;
            }
        }
        return raster;
    }

    private void Blend(int x, int y, Rgb color, double alpha)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height || alpha <= 0) return;
        var i = (y * Width + x) * 3;
        var a = Math.Min(alpha, 1);
        Pixels[i] = (byte)Math.Round(Pixels[i] + (color.R - Pixels[i]) * a);
        Pixels[i + 1] = (byte)Math.Round(Pixels[i + 1] + (color.G - Pixels[i + 1]) * a);
        Pixels[i + 2] = (byte)Math.Round(Pixels[i + 2] + (color.B - Pixels[i + 2]) * a);
    }

    /// <summary>A rectangle with exact area coverage at its fractional edges.</summary>
    private void Fill(double x, double y, double w, double h, Rgb color, double opacity)
    {
        var x0 = Math.Max(0, (int)Math.Floor(x));
        var y0 = Math.Max(0, (int)Math.Floor(y));
        var x1 = Math.Min(Width, (int)Math.Ceiling(x + w));
        var y1 = Math.Min(Height, (int)Math.Ceiling(y + h));
        for (var py = y0; py < y1; py++)
        {
            var cy = Math.Min(py + 1, y + h) - Math.Max(py, y);
            for (var px = x0; px < x1; px++)
            {
                var cx = Math.Min(px + 1, x + w) - Math.Max(px, x);
                Blend(px, py, color, cx * cy * opacity);
            }
        }
    }

    private void Circle(double cx, double cy, double r, Rgb color, double opacity)
    {
        var x0 = Math.Max(0, (int)Math.Floor(cx - r - 1));
        var x1 = Math.Min(Width - 1, (int)Math.Ceiling(cx + r + 1));
        var y0 = Math.Max(0, (int)Math.Floor(cy - r - 1));
        var y1 = Math.Min(Height - 1, (int)Math.Ceiling(cy + r + 1));
        for (var py = y0; py <= y1; py++)
            for (var px = x0; px <= x1; px++)
            {
                var d = Math.Sqrt((px + 0.5 - cx) * (px + 0.5 - cx) + (py + 0.5 - cy) * (py + 0.5 - cy));
                Blend(px, py, color, Math.Clamp(r + 0.5 - d, 0, 1) * opacity);
            }
    }

    private void Polyline(PolylineShape p, int scale)
    {
        var half = Math.Max(p.Width * scale, 1) / 2;
        int minX = Width, minY = Height, maxX = -1, maxY = -1;
        void Segment(double ax, double ay, double bx, double by)
        {
            var x0 = Math.Max(0, (int)Math.Floor(Math.Min(ax, bx) - half - 1));
            var x1 = Math.Min(Width - 1, (int)Math.Ceiling(Math.Max(ax, bx) + half + 1));
            var y0 = Math.Max(0, (int)Math.Floor(Math.Min(ay, by) - half - 1));
            var y1 = Math.Min(Height - 1, (int)Math.Ceiling(Math.Max(ay, by) + half + 1));
            if (x0 > x1 || y0 > y1) return;
            (minX, minY, maxX, maxY) = (Math.Min(minX, x0), Math.Min(minY, y0), Math.Max(maxX, x1), Math.Max(maxY, y1));
            double dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
            for (var py = y0; py <= y1; py++)
                for (var px = x0; px <= x1; px++)
                {
                    double qx = px + 0.5 - ax, qy = py + 0.5 - ay;
                    var t = length2 > 0 ? Math.Clamp((qx * dx + qy * dy) / length2, 0, 1) : 0;
                    double ex = qx - t * dx, ey = qy - t * dy;
                    var coverage = (float)Math.Clamp(half + 0.5 - Math.Sqrt(ex * ex + ey * ey), 0, 1);
                    ref var m = ref _mask[py * Width + px];
                    if (coverage > m) m = coverage;
                }
        }

        var dash = p.Dash * scale;
        var drawn = 0.0; // distance along the line, for dashes
        for (var i = 1; i < p.X.Length; i++)
        {
            double ax = p.X[i - 1] * scale, ay = p.Y[i - 1] * scale, bx = p.X[i] * scale, by = p.Y[i] * scale;
            if (!double.IsFinite(ax + ay + bx + by)) continue;
            if (dash <= 0) { Segment(ax, ay, bx, by); continue; }
            var length = Math.Sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
            var at = 0.0;
            while (at < length)
            {
                var phase = drawn % (2 * dash);
                var step = Math.Min(length - at, (phase < dash ? dash : 2 * dash) - phase);
                if (phase < dash)
                {
                    double t0 = at / length, t1 = (at + step) / length;
                    Segment(ax + (bx - ax) * t0, ay + (by - ay) * t0, ax + (bx - ax) * t1, ay + (by - ay) * t1);
                }
                at += step;
                drawn += step;
            }
        }
        for (var py = minY; py <= maxY; py++)
            for (var px = minX; px <= maxX; px++)
            {
                ref var m = ref _mask[py * Width + px];
                if (m <= 0) continue;
                Blend(px, py, p.Color, m * p.Opacity);
                m = 0;
            }
    }

    /// <summary>Bitmap text: each font pixel becomes a block of whole pixels, sized so the cap height is about 0.7 em.</summary>
    private void Text(TextShape t, int scale)
    {
        var block = Math.Max(1, (int)Math.Round(t.Size * scale / 10));
        var advance = t.Size * PlotCanvas.CharWidth * scale;
        var width = t.Text.Length * advance;
        var start = t.Anchor switch { TextAnchor.Middle => -width / 2, TextAnchor.End => -width, _ => 0 };
        var glyphOffset = (advance - BitmapFont.GlyphWidth * block) / 2;
        double ox = t.X * scale, oy = t.Y * scale;
        for (var k = 0; k < t.Text.Length; k++)
        {
            var along = start + k * advance + glyphOffset; // distance along the reading direction
            for (var gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                for (var gy = 0; gy < BitmapFont.GlyphHeight; gy++)
                {
                    if (!BitmapFont.Pixel(t.Text[k], gx, gy)) continue;
                    var up = (BitmapFont.GlyphHeight - 1 - gy) * block; // row 6 sits on the baseline, row 7 hangs below it
                    var boldExtra = t.Bold ? block / 2.0 + 0.5 : 0;
                    if (t.Vertical)
                        Fill(Math.Round(ox - up), Math.Round(oy - along - (gx + 1) * block - boldExtra), block, block + boldExtra, t.Color, 1);
                    else
                        Fill(Math.Round(ox + along + gx * block), Math.Round(oy - up), block + boldExtra, block, t.Color, 1);
                }
        }
    }
}
