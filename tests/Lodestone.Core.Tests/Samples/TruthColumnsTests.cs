using System.Globalization;
using System.Text;

namespace Lodestone.Samples;

/// <summary>A recording can carry its ground truth in every row: the event's code and a 0/1 anomaly flag.</summary>
public class TruthColumnsTests
{
    [Fact]
    public void WriteCsv_WithTruthColumns_MarksEachRowAsTheGroundTruthSays_AndLeavesTheOtherFieldsAlone()
    {
        var recording = MagnetometerRecording.Plan(SampleRecordings.Small);
        using var plain = new MemoryStream();
        using var withTruth = new MemoryStream();
        recording.WriteCsv(plain);
        recording.WriteCsv(withTruth, truthColumns: true);
        var plainLines = Encoding.UTF8.GetString(plain.ToArray()).Split('\n');
        var lines = Encoding.UTF8.GetString(withTruth.ToArray()).Split('\n');

        Assert.Equal(MagnetometerCsv.Header + ",event,anomaly", lines[0]);
        Assert.Equal(plainLines.Length, lines.Length);
        var seen = new HashSet<int>();
        var anomalous = 0;
        for (var i = 1; i < lines.Length - 1; i++)
        {
            var fields = lines[i].Split(',');
            Assert.Equal(plainLines[i], string.Join(',', fields[..^2]));
            var time = DateTimeOffset.ParseExact(fields[0], MagnetometerCsv.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var covering = recording.GroundTruth.Events.Where(e => e.SensorId == fields[10] && e.Contains(time)).ToList();
            var code = int.Parse(fields[^2], CultureInfo.InvariantCulture);
            seen.Add(code);
            if (covering.Count == 0) Assert.Equal(0, code);
            else Assert.Equal(EventLabels.Code(covering.MaxBy(e => e.Start)!.Kind), code);
            var anomaly = covering.Any(e => e.Category == EventLabels.Anomaly);
            Assert.Equal(anomaly ? "1" : "0", fields[^1]);
            if (anomaly) anomalous++;
        }
        // Every kind with rows (all but the gap, which has none) shows up, and so does normal time.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 8, 9], seen.Order());
        Assert.InRange(anomalous, 1, lines.Length / 2);
    }
}
