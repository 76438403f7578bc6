using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Lodestone.Evaluation.Plots;

/// <summary>
/// Encodes an RGB raster as PNG: signature, IHDR (8-bit truecolour), one IDAT of zlib-compressed scanlines and IEND,
/// each chunk closed by its CRC-32. Scanlines use the Sub filter, which suits plots' long runs of one colour.
/// </summary>
internal static class PngEncoder
{
    public static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] Encode(Raster raster)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, raster.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), raster.Height);
        header[8] = 8; // bits per channel
        header[9] = 2; // truecolour RGB; compression, filter and interlace bytes stay 0
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", Compress(raster));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Compress(Raster raster)
    {
        var stride = raster.Width * 3;
        var line = new byte[stride + 1];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < raster.Height; y++)
            {
                var row = raster.Pixels.AsSpan(y * stride, stride);
                line[0] = 1; // Sub: each byte minus the same channel of the pixel to its left
                for (var i = 0; i < stride; i++)
                    line[i + 1] = (byte)(row[i] - (i >= 3 ? row[i - 3] : 0));
                zlib.Write(line);
            }
        }
        return compressed.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        png.Write(four);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(four, Crc32.Compute(typeAndData));
        png.Write(four);
    }
}
