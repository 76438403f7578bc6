using System.Text;
using Lodestone.Datasets;

namespace Lodestone.Tests.Datasets;

/// <summary>Files as spreadsheets and Windows tools write them: CRLF line ends, a UTF-8 byte order mark, quotes, blank last lines.</summary>
public sealed class CsvDialectTests : IDisposable
{
    private readonly SampleStoreFixture store = new();

    public void Dispose() => store.Dispose();

    private Task<ImportResult> Import(byte[] content, CsvMapping? mapping = null) =>
        store.Importer.ImportAsync(store.WriteFile("f.csv", content), "f.csv", mapping, store.ProjectId, Guid.NewGuid());

    [Fact]
    public async Task ImportAsync_ReadsCrLfLineEnds()
    {
        var csv = SampleStoreFixture.MagnetometerCsv(300).Replace("\n", "\r\n");

        var result = await Import(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(300, result.Profile.RowCount);
        Assert.Equal(["mag-01"], result.Profile.SensorIds);
        Assert.Equal(DatasetSchema.Magnetometer, result.Schema);
    }

    [Fact]
    public async Task ImportAsync_ReadsUtf8ByteOrderMark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(SampleStoreFixture.MagnetometerCsv(100))).ToArray();

        var result = await Import(bytes);

        Assert.Equal(DatasetSchema.Magnetometer, result.Schema);
        Assert.Equal(100, result.Profile.RowCount);
    }

    [Fact]
    public async Task ImportAsync_ReadsQuotedFields_AndIgnoresBlankLastLines()
    {
        var csv = "\"time\",\"level, m\",\"site\"\n2024-03-01T00:00:00Z,\"1.5\",\"north, upper\"\n2024-03-01T00:00:01Z,2.5,\"north, upper\"\n\n\n";

        var result = await Import(Encoding.UTF8.GetBytes(csv), new CsvMapping("time", Channels: ["level, m"], SensorIdColumn: "site"));

        Assert.Equal(2, result.Profile.RowCount);
        Assert.Equal(["north, upper"], result.Profile.SensorIds);
        Assert.Equal("level, m", result.Profile.Channels.Single().Name);
        Assert.Equal(2.0, result.Profile.Channels.Single().Mean);
    }

    [Fact]
    public async Task ImportAsync_ConvertsTimestampsWithOffsets_ToUtc()
    {
        var csv = "timestamp,x\n2024-03-01T02:00:00+02:00,1\n2024-03-01T02:00:01+02:00,2\n";

        var result = await Import(Encoding.UTF8.GetBytes(csv), new CsvMapping("timestamp", Channels: ["x"]));

        Assert.Equal(SampleStoreFixture.Start, result.Profile.StartTime);
    }
}
