using System.Text;
using Lodestone.Evaluation.Plots;

namespace Lodestone.Evaluation;

public class PlotTests
{
    [Fact]
    public void Crc32_MatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void ToPng_DrawsShapesAndTextWhereTheCanvasPutsThem()
    {
        var canvas = new PlotCanvas(40, 20).Rect(0, 0, 10, 10, new Rgb(255, 0, 0)).Text(20, 15, "8", 10, new Rgb(0, 0, 0));
        var png = PngFile.Read(canvas.ToPng(scale: 1));
        Assert.Equal((40, 20), (png.Width, png.Height));
        var pixels = Unfilter(png);
        Assert.Equal((255, 0, 0), Pixel(pixels, 40, 5, 5));
        Assert.Equal((255, 255, 255), Pixel(pixels, 40, 15, 5));
        // The '8' sits on the baseline at y = 15 and covers its top row's middle pixels.
        var inkRows = Enumerable.Range(0, 20).Where(y => Enumerable.Range(18, 8).Any(x => Pixel(pixels, 40, x, y) == (0, 0, 0))).ToArray();
        Assert.Equal(Enumerable.Range(8, 7), inkRows);
    }

    [Fact]
    public void ToSvg_WritesEveryShape_WithTheNamespaceOnlyWhenStandalone()
    {
        var canvas = new PlotCanvas(100, 50).Line(0, 0, 10, 10, Palette.Axis).Circle(5, 5, 2, Palette.Color(1))
            .Rect(1, 1, 3, 3, Palette.Color(2), 0.5).Text(10, 10, "a<b", 11, Palette.Text, TextAnchor.Middle, vertical: true);
        var svg = canvas.ToSvg();
        Assert.Contains("<polyline", svg);
        Assert.Contains("<circle", svg);
        Assert.Contains("fill-opacity=\"0.5\"", svg);
        Assert.Contains(">a&lt;b</text>", svg);
        Assert.Contains("rotate(-90 10 10)", svg);
        Assert.DoesNotContain("xmlns", svg);
        Assert.Contains("xmlns=\"http://www.w3.org/2000/svg\"", canvas.ToSvg(standalone: true));
    }

    /// <summary>Undoes the Sub filter the encoder uses (every scanline starts with filter type 1).</summary>
    private static byte[] Unfilter(PngFile png)
    {
        var stride = png.Width * 3;
        var pixels = new byte[png.Height * stride];
        for (var y = 0; y < png.Height; y++)
        {
            Assert.Equal(1, png.Scanlines[y * (stride + 1)]);
            for (var i = 0; i < stride; i++)
                pixels[y * stride + i] = (byte)(png.Scanlines[y * (stride + 1) + 1 + i] + (i >= 3 ? pixels[y * stride + i - 3] : 0));
        }
        return pixels;
    }

    private static (int, int, int) Pixel(byte[] pixels, int width, int x, int y)
    {
        var i = (y * width + x) * 3;
        return (pixels[i], pixels[i + 1], pixels[i + 2]);
    }
}
