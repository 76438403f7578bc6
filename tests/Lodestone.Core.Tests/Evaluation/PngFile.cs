using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Lodestone.Evaluation.Plots;

namespace Lodestone.Evaluation;

/// <summary>A strict reader for the PNGs the reports write: checks every chunk's CRC and inflates the image data.</summary>
internal sealed record PngFile(int Width, int Height, byte[] Scanlines)
{
    public static PngFile Read(byte[] png)
    {
        Assert.Equal(PngEncoderSignature, png[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        var at = 8;
        string type;
        do
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            type = Encoding.ASCII.GetString(png, at + 4, 4);
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(crc, Crc32.Compute(typeAndData));
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 8));
                height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 12));
                Assert.Equal(8, png[at + 16]);
                Assert.Equal(2, png[at + 17]);
            }
            if (type == "IDAT") idat.Write(png, at + 8, length);
            at += 12 + length;
        } while (type != "IEND");
        Assert.Equal(png.Length, at);
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        return new PngFile(width, height, inflated.ToArray());
    }

    private static readonly byte[] PngEncoderSignature = [137, 80, 78, 71, 13, 10, 26, 10];
}
