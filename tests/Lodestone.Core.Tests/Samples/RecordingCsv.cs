using System.Globalization;
using System.Text;
using Lodestone.Samples;

namespace Lodestone.Samples;

/// <summary>A generated recording read back from its CSV text, the way an importer would see it.</summary>
internal sealed class RecordingCsv
{
    private RecordingCsv(string text, string header, List<string[]> rows, GroundTruth truth)
    {
        Text = text;
        Header = header;
        Rows = rows;
        GroundTruth = truth;
    }

    public string Text { get; }
    public string Header { get; }
    public List<string[]> Rows { get; }
    public GroundTruth GroundTruth { get; }

    public static RecordingCsv Generate(RecordingOptions options)
    {
        var recording = MagnetometerRecording.Plan(options);
        using var stream = new MemoryStream();
        recording.WriteCsv(stream);
        string text = Encoding.UTF8.GetString(stream.ToArray());
        var lines = text.Split('\n');
        Assert.Equal("", lines[^1]);
        var rows = new List<string[]>(lines.Length);
        for (int i = 1; i < lines.Length - 1; i++) rows.Add(lines[i].Split(','));
        return new RecordingCsv(text, lines[0], rows, recording.GroundTruth);
    }

    public static DateTimeOffset Time(string[] row) =>
        DateTimeOffset.ParseExact(row[0], MagnetometerCsv.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static double Number(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double Magnitude(string[] row)
    {
        double x = Number(row[1]), y = Number(row[2]), z = Number(row[3]);
        return Math.Sqrt(x * x + y * y + z * z);
    }

    /// <summary>Power of the DFT at one frequency, summed over b_x, b_y, b_z, of the rows whose times fall in the range.</summary>
    public double PowerAt(double hz, double rateHz, Func<DateTimeOffset, bool> inRange)
    {
        double total = 0;
        for (int axis = 1; axis <= 3; axis++)
        {
            var values = new List<double>();
            foreach (var row in Rows)
                if (inRange(Time(row))) values.Add(Number(row[axis]));
            double mean = values.Average();
            double re = 0, im = 0;
            for (int n = 0; n < values.Count; n++)
            {
                double angle = 2 * Math.PI * hz * n / rateHz;
                re += (values[n] - mean) * Math.Cos(angle);
                im -= (values[n] - mean) * Math.Sin(angle);
            }
            total += (re * re + im * im) / values.Count;
        }
        return total;
    }
}
