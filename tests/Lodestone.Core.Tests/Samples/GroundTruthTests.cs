using Lodestone.Samples;

namespace Lodestone.Samples;

public class GroundTruthTests
{
    [Fact]
    public void EveryKind_HasALabel_UnderADefaultCategory()
    {
        foreach (var kind in Enum.GetValues<EventKind>())
        {
            Assert.False(string.IsNullOrWhiteSpace(EventLabels.Label(kind)));
            Assert.Contains(EventLabels.Category(kind), EventLabels.Categories);
        }
        Assert.Equal(EventLabels.FanNoise, EventLabels.Label(EventKind.Fan));
        Assert.Equal(EventLabels.Electrical, EventLabels.Label(EventKind.ElectricalHum));
        Assert.Equal(EventLabels.Anomaly, EventLabels.Category(EventKind.VehiclePass));
    }

    [Fact]
    public void WriteJson_ReadsBackTheSameEvents()
    {
        var truth = MagnetometerRecording.Plan(new RecordingOptions { Duration = TimeSpan.FromMinutes(30), SensorCount = 2, Seed = 4 }).GroundTruth;
        using var stream = new MemoryStream();

        truth.WriteJson(stream);
        stream.Position = 0;
        var read = GroundTruth.ReadJson(stream);

        Assert.Equal(truth.Start, read.Start);
        Assert.Equal(truth.SensorIds, read.SensorIds);
        Assert.Equal(truth.Events.Count, read.Events.Count);
        for (int i = 0; i < truth.Events.Count; i++)
        {
            Assert.Equal(truth.Events[i] with { Parameters = read.Events[i].Parameters }, read.Events[i]);
            Assert.Equal(truth.Events[i].Parameters, read.Events[i].Parameters);
        }
    }

    [Fact]
    public void WriteCsv_WritesOneLinePerEvent()
    {
        var truth = MagnetometerRecording.Plan(new RecordingOptions { Duration = TimeSpan.FromMinutes(30), Seed = 4 }).GroundTruth;
        var writer = new StringWriter();

        truth.WriteCsv(writer);
        var lines = writer.ToString().TrimEnd('\n').Split('\n');

        Assert.Equal(GroundTruth.EventsCsvHeader, lines[0]);
        Assert.Equal(truth.Events.Count + 1, lines.Length);
        Assert.StartsWith($"{truth.Events[0].Kind},{truth.Events[0].Label},{truth.Events[0].Category},mag-01,", lines[1]);
    }

    [Fact]
    public void LabelsAt_IsNormal_WhereNoEventIs()
    {
        var truth = MagnetometerRecording.Plan(SampleRecordings.Small).GroundTruth;
        var motor = truth.Events.Single(e => e.Kind == EventKind.Motor);

        Assert.Equal([EventLabels.Normal], truth.LabelsAt("mag-01", truth.Start.AddSeconds(2)));
        Assert.Contains(EventLabels.Motor, truth.LabelsAt("mag-01", motor.Start.AddSeconds(1)));
    }

    [Fact]
    public void CommittedSmallSample_MatchesTheGenerator()
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Lodestone.slnx"))) root = Path.GetDirectoryName(root);
        Assert.NotNull(root);
        string path = Path.Combine(root, "samples", "magnetometer-small.csv");

        var csv = RecordingCsv.Generate(SampleRecordings.Small);
        var committed = GroundTruth.ReadJson(Path.ChangeExtension(path, ".events.json"));

        Assert.True(csv.Text == File.ReadAllText(path), "samples/magnetometer-small.csv is stale: regenerate it (see samples/README.md)");
        Assert.Equal(csv.GroundTruth.Events.Select(e => (e.Kind, e.Start, e.End)), committed.Events.Select(e => (e.Kind, e.Start, e.End)));
        Assert.True(new FileInfo(path).Length < 1_000_000);
    }
}
