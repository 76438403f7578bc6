using System.Buffers.Text;
using System.Text;

namespace Lodestone.Bench.Data;

/// <summary>
/// Writes a magnetometer CSV fast: 100 Hz ISO 8601 timestamps, an Earth field of about 50 µT (in nT) with slow drift,
/// noise, and now and then a passing vehicle (a short dipole bump), so that the numbers look like a recording.
/// </summary>
internal static class MagnetometerCsvWriter
{
    public const string Header = "timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id\n";

    public static void Write(string path, long rows, int seed = 7)
    {
        var random = new Random(seed);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var buffer = new byte[1 << 20];
        var used = Encoding.ASCII.GetBytes(Header, buffer);
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        double bump = 0;
        for (long i = 0; i < rows; i++)
        {
            if (buffer.Length - used < 256) { stream.Write(buffer, 0, used); used = 0; }
            var t = start.AddTicks(i * 100_000); // 10 ms
            if (random.Next(50_000) == 0) bump = 400 + random.NextDouble() * 1500;
            bump *= 0.995;
            var drift = Math.Sin(i / 3.6e6 * Math.PI) * 30;
            var span = buffer.AsSpan(used);
            var n = 0;
            t.TryFormat(span, out var w, "yyyy-MM-ddTHH:mm:ss.ffffff"); n += w;
            n += Field(span[n..], 19_500 + drift + bump * 0.6 + Noise(random, 2.5), "F3");
            n += Field(span[n..], 1_200 - drift * 0.4 + bump * 0.3 + Noise(random, 2.5), "F3");
            n += Field(span[n..], 45_000 + drift * 0.2 - bump + Noise(random, 2.5), "F3");
            n += Field(span[n..], 52.370216 + Noise(random, 1e-6), "F6");
            n += Field(span[n..], 4.895168 + Noise(random, 1e-6), "F6");
            n += Field(span[n..], 12.5 + Noise(random, 0.05), "F2");
            n += Field(span[n..], Noise(random, 0.01), "F4");
            n += Field(span[n..], Noise(random, 0.01), "F4");
            n += Field(span[n..], 1.5708 + Noise(random, 0.01), "F4");
            span[n++] = (byte)',';
            "mag-01\n"u8.CopyTo(span[n..]); n += 7;
            used += n;
        }
        stream.Write(buffer, 0, used);
    }

    private static int Field(Span<byte> span, double value, string format)
    {
        span[0] = (byte)',';
        value.TryFormat(span[1..], out var written, format, System.Globalization.CultureInfo.InvariantCulture);
        return written + 1;
    }

    private static double Noise(Random random, double sigma) => (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2 * sigma;
}
