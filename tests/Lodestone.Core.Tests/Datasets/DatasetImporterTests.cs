using System.Text;
using Lodestone.Datasets;

namespace Lodestone.Tests.Datasets;

public sealed class DatasetImporterTests : IDisposable
{
    private readonly SampleStoreFixture store = new();

    public void Dispose() => store.Dispose();

    private Task<ImportResult> Import(string name, string content, CsvMapping? mapping = null, Guid? datasetId = null) =>
        store.Importer.ImportAsync(store.WriteFile(name, content), name, mapping, store.ProjectId, datasetId ?? Guid.NewGuid());

    private async Task<ImportException> ImportFails(string name, string content, CsvMapping? mapping = null)
    {
        var id = Guid.NewGuid();
        var error = await Assert.ThrowsAsync<ImportException>(() => Import(name, content, mapping, id));
        Assert.Equal(name, error.FileName);
        Assert.False(store.DatasetExists(id));
        Assert.Empty(store.StagedFiles());
        return error;
    }

    [Fact]
    public async Task ImportAsync_RecognisesMagnetometerHeader_AndProfilesMagnitude()
    {
        var result = await Import("mag.csv", SampleStoreFixture.MagnetometerCsv(3_000));

        Assert.Equal(DatasetSchema.Magnetometer, result.Schema);
        var profile = result.Profile;
        Assert.Equal(3_000, profile.RowCount);
        Assert.Equal(SampleStoreFixture.Start, profile.StartTime);
        Assert.Equal(SampleStoreFixture.Start.AddMilliseconds(29_990), profile.EndTime);
        Assert.Equal(100, profile.SamplingRateHz!.Value, 1);
        Assert.Equal(["mag-01"], profile.SensorIds);
        Assert.True(profile.SizeBytes > 0);
        var magnitude = Assert.Single(profile.Channels, c => c.Name == "|B|");
        Assert.True(magnitude.Derived);
        Assert.InRange(magnitude.Mean!.Value, 49_000, 50_000);
        var bz = Assert.Single(profile.Channels, c => c.Name == "b_z");
        Assert.Equal(0, bz.Missing);
        Assert.InRange(bz.Std!.Value, 5, 10);
        Assert.False(result.Sorted);
    }

    [Fact]
    public async Task ImportAsync_MarksTheTruthColumnsOfAGeneratedRecording_AsTruthChannels()
    {
        using var csv = new MemoryStream();
        Lodestone.Samples.MagnetometerRecording.Plan(Lodestone.Samples.SampleRecordings.Small).WriteCsv(csv, truthColumns: true);

        var result = await Import("site.csv", Encoding.UTF8.GetString(csv.ToArray()));

        Assert.Equal(DatasetSchema.Magnetometer, result.Schema);
        var channels = result.Profile.Channels.ToDictionary(c => c.Name);
        Assert.True(channels["event"].Truth && channels["anomaly"].Truth);
        Assert.Equal((0, 1), (channels["anomaly"].Min, channels["anomaly"].Max));
        Assert.Equal(9, channels["event"].Max);
        Assert.False(channels["b_x"].Truth || channels["|B|"].Truth);
    }

    [Fact]
    public async Task ImportAsync_RefusesATruthChannelThatIsNotAChannel()
    {
        var error = await ImportFails("p.csv", "timestamp,pressure,anomaly\n2024-03-01T00:00:00,1.5,0\n",
            new CsvMapping("timestamp", Channels: ["pressure"], TruthChannels: ["anomaly"]));

        Assert.Equal("anomaly", error.Column);
        Assert.Contains("truth channel must be one of the channels", error.Problem);
    }

    [Fact]
    public async Task ImportAsync_ReadsEpochSecondsWithFractions_InMagnetometerFiles()
    {
        var result = await Import("mag-epoch.csv", SampleStoreFixture.MagnetometerCsv(1_000, epochSeconds: true));

        Assert.Equal(SampleStoreFixture.Start, result.Profile.StartTime);
        Assert.Equal(SampleStoreFixture.Start.AddMilliseconds(9_990), result.Profile.EndTime);
    }

    [Fact]
    public async Task ImportAsync_ReadsMappedCsv_WithSemicolonsEpochMillisecondsAndSpacesInNames()
    {
        var csv = new StringBuilder("time ms;Flow Rate (l/s);device;note\n");
        for (var i = 0; i < 500; i++) csv.Append($"{1_709_251_200_000L + i * 1000};{i * 0.5};pump-{i % 2};ok\n");
        var mapping = new CsvMapping("time ms", TimestampFormat.EpochMilliseconds, Channels: ["Flow Rate (l/s)"], SensorIdColumn: "device");

        var result = await Import("pump.csv", csv.ToString(), mapping);

        Assert.Equal(500, result.Profile.RowCount);
        Assert.Equal(SampleStoreFixture.Start, result.Profile.StartTime);
        Assert.Equal(["pump-0", "pump-1"], result.Profile.SensorIds);
        var flow = Assert.Single(result.Profile.Channels);
        Assert.Equal("Flow Rate (l/s)", flow.Name);
        Assert.Equal(249.5, flow.Max);
        Assert.Equal(0.5, result.Profile.SamplingRateHz!.Value, 3);
    }

    [Fact]
    public async Task ImportAsync_ReadsCustomTimestampFormat_AndFixedSensorId()
    {
        var csv = "when,temp\n01/03/2024 00:00:00,20.5\n01/03/2024 00:00:01,21\n01/03/2024 00:00:02,\n";
        var mapping = new CsvMapping("when", TimestampFormat.Custom, CustomTimestampFormat: "%d/%m/%Y %H:%M:%S", SensorId: "probe-7");

        var result = await Import("temp.csv", csv, mapping);

        Assert.Equal(SampleStoreFixture.Start, result.Profile.StartTime);
        Assert.Equal(["probe-7"], result.Profile.SensorIds);
        Assert.Equal(1, result.Profile.Channels.Single().Missing);
    }

    [Fact]
    public async Task ImportAsync_RejectsEmptyFile()
    {
        var error = await ImportFails("empty.csv", "");
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public async Task ImportAsync_RejectsHeaderOnly()
    {
        var error = await ImportFails("header.csv", "timestamp,x\n");
        Assert.Contains("no data rows", error.Message);
    }

    [Fact]
    public async Task ImportAsync_RejectsUtf16()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("timestamp,x\n2024-03-01T00:00:00,1\n")).ToArray();
        var error = await Assert.ThrowsAsync<ImportException>(() =>
            store.Importer.ImportAsync(store.WriteFile("utf16.csv", bytes), "utf16.csv", null, store.ProjectId, Guid.NewGuid()));
        Assert.Contains("UTF-16", error.Message);
    }

    [Fact]
    public async Task ImportAsync_NamesLine_OfInvalidUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("timestamp,x\n2024-03-01T00:00:00,1\n2024-03-01T00:00:01,")
            .Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
        var error = await Assert.ThrowsAsync<ImportException>(() =>
            store.Importer.ImportAsync(store.WriteFile("latin.csv", bytes), "latin.csv", null, store.ProjectId, Guid.NewGuid()));
        Assert.Equal(3, error.Line);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public async Task ImportAsync_NamesLineAndColumn_OfNonNumericValue()
    {
        var error = await ImportFails("text.csv", "timestamp,x,y\n2024-03-01T00:00:00,1,2\n2024-03-01T00:00:01,1,abc\n2024-03-01T00:00:02,1,2\n",
            new CsvMapping("timestamp", Channels: ["x", "y"]));
        Assert.Equal(3, error.Line);
        Assert.Equal("y", error.Column);
        Assert.Contains("'abc' is not a number", error.Message);
    }

    [Theory]
    [InlineData("2024-03-01T00:00:01,1,2,3\n", "more fields")]
    [InlineData("2024-03-01T00:00:01,1\n", "fewer fields")]
    public async Task ImportAsync_NamesLine_OfRaggedRow(string badRow, string expected)
    {
        var csv = "timestamp,x,y\n2024-03-01T00:00:00,1,2\n" + badRow + "2024-03-01T00:00:02,1,2\n";
        var error = await ImportFails("ragged.csv", csv, new CsvMapping("timestamp", Channels: ["x", "y"]));
        Assert.Equal(3, error.Line);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task ImportAsync_NamesLineAndColumn_OfUnparseableTimestamp()
    {
        var error = await ImportFails("time.csv", "timestamp,x\n2024-03-01T00:00:00,1\n2024-03-01T00:00:01,2\nyesterday,3\n",
            new CsvMapping("timestamp", Channels: ["x"]));
        Assert.Equal(4, error.Line);
        Assert.Equal("timestamp", error.Column);
        Assert.Contains("'yesterday' is not a timestamp", error.Message);
    }

    [Fact]
    public async Task ImportAsync_KeepsAndReportsDuplicatedTimestamps()
    {
        var result = await Import("dup.csv", "timestamp,x\n2024-03-01T00:00:00,1\n2024-03-01T00:00:01,2\n2024-03-01T00:00:01,3\n2024-03-01T00:00:02,4\n");

        Assert.Equal(4, result.Profile.RowCount);
        Assert.Equal(1, result.DuplicateTimestamps);
        Assert.Equal([SampleStoreFixture.Start.AddSeconds(1)], result.DuplicateExamples);
        Assert.Contains(result.Notes, n => n.Contains("kept"));
    }

    [Fact]
    public async Task ImportAsync_SortsUnsortedTimestamps_AndSaysSo()
    {
        var id = Guid.NewGuid();
        var result = await Import("unsorted.csv", "timestamp,x\n2024-03-01T00:00:02,3\n2024-03-01T00:00:00,1\n2024-03-01T00:00:01,2\n", datasetId: id);

        Assert.True(result.Sorted);
        Assert.Contains(result.Notes, n => n.Contains("sorted"));
        var samples = new SampleStore(store.Database);
        var series = samples.Query(store.ProjectId, id, ["x"], null, null, 100);
        Assert.Equal([1.0, 2.0, 3.0], series.Channels[0].Max.Select(v => v!.Value));
    }

    [Fact]
    public async Task ImportAsync_LeavesNoFiles_WhenItFails_AndKeepsEarlierDatasets()
    {
        var good = Guid.NewGuid();
        await Import("good.csv", SampleStoreFixture.MagnetometerCsv(500), datasetId: good);
        var before = Directory.EnumerateFiles(store.Paths.Samples, "*", SearchOption.AllDirectories).Order().ToList();

        var badCsv = SampleStoreFixture.MagnetometerCsv(500).Replace("45000.000", "45000,0");
        await ImportFails("bad.csv", badCsv);

        Assert.Equal(before, Directory.EnumerateFiles(store.Paths.Samples, "*", SearchOption.AllDirectories).Order().ToList());
        var samples = new SampleStore(store.Database);
        Assert.Equal(500, samples.Query(store.ProjectId, good, ["b_x"], null, null, 1_000).Times.Length);
    }

    [Fact]
    public async Task ImportAsync_LeavesNoFiles_WhenCancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var id = Guid.NewGuid();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.Importer.ImportAsync(store.WriteFile("c.csv", SampleStoreFixture.MagnetometerCsv(100)), "c.csv", null, store.ProjectId, id, null, cancel.Token));
        Assert.False(store.DatasetExists(id));
        Assert.Empty(store.StagedFiles());
    }

    [Fact]
    public async Task ImportAsync_ReportsProgress_UpToTheEnd()
    {
        var reports = new List<ImportProgress>();
        await store.Importer.ImportAsync(store.WriteFile("p.csv", SampleStoreFixture.MagnetometerCsv(1_000)), "p.csv", null, store.ProjectId, Guid.NewGuid(), new SynchronousProgress(reports));

        Assert.Contains(reports, r => r.Stage == ImportStage.Checking);
        Assert.Equal(ImportStage.Done, reports[^1].Stage);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Fraction <= p.Second.Fraction));
    }

    [Fact]
    public async Task DeleteSamples_RemovesTheDatasetFolder()
    {
        var id = Guid.NewGuid();
        await Import("d.csv", SampleStoreFixture.MagnetometerCsv(100), datasetId: id);

        Assert.True(store.Importer.DeleteSamples(store.ProjectId, id));
        Assert.False(store.DatasetExists(id));
        Assert.False(store.Importer.DeleteSamples(store.ProjectId, id));
    }

    private sealed class SynchronousProgress(List<ImportProgress> reports) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) { lock (reports) reports.Add(value); }
    }
}
