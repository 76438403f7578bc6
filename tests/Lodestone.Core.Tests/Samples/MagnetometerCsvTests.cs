using System.Globalization;
using System.Text;
using Lodestone.Samples;

namespace Lodestone.Samples;

public class MagnetometerCsvTests
{
    [Fact]
    public void Write_FormatsNumbersAsInvariantFixedPoint_ForAnyValue()
    {
        var random = new Random(17);
        var samples = new List<MagnetometerSample>();
        double[] edges = [0, -0.0004, 0.0004, 1, -1, 9.9995, 99999.9994, -45000.25, 0.1, 123456789.123];
        for (int i = 0; i < 2000; i++)
        {
            double Any() => i < edges.Length ? edges[i] : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 9));
            samples.Add(new MagnetometerSample(new DateTime(2026, 3, 1, 23, 59, 59, 995, DateTimeKind.Utc).AddMilliseconds(i),
                Any(), Any(), Any(), Any(), Any(), Any(), Any(), Any(), Any(), "mag-07"));
        }
        using var stream = new MemoryStream();

        MagnetometerCsv.Write(samples, stream);
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');

        int[] decimals = [3, 3, 3, 7, 7, 2, 4, 4, 4];
        for (int i = 0; i < samples.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            var s = samples[i];
            double[] values = [s.Bx, s.By, s.Bz, s.Latitude, s.Longitude, s.Altitude, s.ThetaX, s.ThetaY, s.ThetaZ];
            Assert.Equal(s.Timestamp.ToString(MagnetometerCsv.TimestampFormat, CultureInfo.InvariantCulture), fields[0]);
            for (int c = 0; c < values.Length; c++)
            {
                string expected = values[c].ToString("F" + decimals[c], CultureInfo.InvariantCulture);
                double unit = Math.Pow(10, -decimals[c]);
                double written = double.Parse(fields[c + 1], NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.Equal(expected.Split('.')[1].Length, fields[c + 1].Split('.')[1].Length);
                Assert.True(Math.Abs(written - values[c]) <= unit * 0.5 + Math.Abs(values[c]) * 1e-15, $"{values[c]:R} written as {fields[c + 1]}");
            }
            Assert.Equal("mag-07", fields[10]);
        }
    }

    [Fact]
    public void Write_LeavesFieldsEmpty_ForAMissingReading()
    {
        var sample = new MagnetometerSample(new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), double.NaN, double.NaN, double.NaN,
            48.1, 11.5, 500, 0, 0, 0, "mag-01");
        using var stream = new MemoryStream();

        Assert.Equal(1, MagnetometerCsv.Write([sample], stream));

        Assert.Equal(MagnetometerCsv.Header + "\n2026-03-01T00:00:00.000Z,,,,48.1000000,11.5000000,500.00,0.0000,0.0000,0.0000,mag-01\n",
            Encoding.UTF8.GetString(stream.ToArray()));
    }
}
