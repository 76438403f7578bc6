using System.Globalization;
using System.Text;

namespace Lodestone.Bench.Data;

/// <summary>
/// Writes magnetometer CSVs in the shapes recorders produce: the timestamp as ISO 8601 (plain, with <c>Z</c>, with an
/// offset) or epoch seconds / milliseconds / microseconds (whole or fractional), one sensor or several interleaved
/// row by row (each 100 Hz, a millisecond apart), and <c>,</c> or <c>;</c> between fields.
/// </summary>
internal static class ShapedCsvWriter
{
    /// <summary>The time formats the bench measures, by the name used on the command line and in the table.</summary>
    public static readonly string[] TimeFormats = ["iso", "iso-z", "iso+02", "s", "s-frac", "ms", "ms-frac", "us"];

    public static string FileName(string time, int sensors, char separator, long rows) =>
        $"shape-{time}-{sensors}s-{(separator == ';' ? "semi" : "comma")}-{rows}.csv";

    public static void Write(string path, long rows, string time, int sensors, char separator, int seed = 7)
    {
        var random = new Random(seed);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var buffer = new byte[1 << 20];
        var used = Encoding.ASCII.GetBytes(MagnetometerCsvWriter.Header.Replace(',', separator), buffer);
        var origin = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var ids = Enumerable.Range(1, sensors).Select(s => Encoding.ASCII.GetBytes($"mag-{s:00}\n")).ToArray();
        // Whole epoch seconds cannot hold 100 Hz: such recorders write one sample a second.
        var stepTicks = time == "s" ? TimeSpan.TicksPerSecond : 100_000;
        for (long i = 0; i < rows; i++)
        {
            if (buffer.Length - used < 256) { stream.Write(buffer, 0, used); used = 0; }
            var sensor = (int)(i % sensors);
            var t = origin.AddTicks(i / sensors * stepTicks + sensor * (time == "s" ? 0 : TimeSpan.TicksPerMillisecond));
            var span = buffer.AsSpan(used);
            var n = Timestamp(span, t, time);
            var phase = i / (double)sensors;
            n += Field(span[n..], separator, 19_500 + sensor * 40 + Math.Sin(phase / 3.6e6 * Math.PI) * 30 + Noise(random, 2.5), "F3");
            n += Field(span[n..], separator, 1_200 + Noise(random, 2.5), "F3");
            n += Field(span[n..], separator, 45_000 + Noise(random, 2.5), "F3");
            n += Field(span[n..], separator, 52.370216 + Noise(random, 1e-6), "F6");
            n += Field(span[n..], separator, 4.895168 + Noise(random, 1e-6), "F6");
            n += Field(span[n..], separator, 12.5 + Noise(random, 0.05), "F2");
            n += Field(span[n..], separator, Noise(random, 0.01), "F4");
            n += Field(span[n..], separator, Noise(random, 0.01), "F4");
            n += Field(span[n..], separator, 1.5708 + Noise(random, 0.01), "F4");
            span[n++] = (byte)separator;
            ids[sensor].CopyTo(span[n..]);
            n += ids[sensor].Length;
            used += n;
        }
        stream.Write(buffer, 0, used);
    }

    private static int Timestamp(Span<byte> span, DateTime t, string time)
    {
        var micros = (t - DateTime.UnixEpoch).Ticks / 10;
        int written;
        switch (time)
        {
            case "iso": t.TryFormat(span, out written, "yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture); return written;
            case "iso-z": t.TryFormat(span, out written, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture); return written;
            case "iso+02": t.AddHours(2).TryFormat(span, out written, "yyyy-MM-ddTHH:mm:ss.fff+02:00", CultureInfo.InvariantCulture); return written;
            case "s": (micros / 1_000_000).TryFormat(span, out written, provider: CultureInfo.InvariantCulture); return written;
            case "s-frac": (micros / 1e6).TryFormat(span, out written, "F3", CultureInfo.InvariantCulture); return written;
            case "ms": (micros / 1_000).TryFormat(span, out written, provider: CultureInfo.InvariantCulture); return written;
            case "ms-frac": (micros / 1e3 + 0.25).TryFormat(span, out written, "F2", CultureInfo.InvariantCulture); return written;
            case "us": micros.TryFormat(span, out written, provider: CultureInfo.InvariantCulture); return written;
            default: throw new ArgumentException($"Unknown time format '{time}' (one of {string.Join(", ", TimeFormats)}).", nameof(time));
        }
    }

    private static int Field(Span<byte> span, char separator, double value, string format)
    {
        span[0] = (byte)separator;
        value.TryFormat(span[1..], out var written, format, CultureInfo.InvariantCulture);
        return written + 1;
    }

    private static double Noise(Random random, double sigma) => (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2 * sigma;
}
