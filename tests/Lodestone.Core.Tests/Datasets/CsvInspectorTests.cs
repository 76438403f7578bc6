using Lodestone.Datasets;

namespace Lodestone.Tests.Datasets;

public sealed class CsvInspectorTests : IDisposable
{
    private readonly SampleStoreFixture store = new();

    public void Dispose() => store.Dispose();

    [Fact]
    public void Inspect_ProposesSemicolonDatetimeAndNumericChannels_ForSkabLikeFile()
    {
        var path = store.WriteFile("skab.csv", "datetime;Accelerometer1RMS;Volume Flow RateRMS;anomaly\n2020-03-09 10:14:33;0.0265878;32.0;0.0\n2020-03-09 10:14:34;0.0261697;32.0;1.0\n");

        var inspection = CsvInspector.Inspect(path);

        Assert.Equal(';', inspection.Separator);
        Assert.Equal("datetime", inspection.Mapping.TimestampColumn);
        Assert.Equal(TimestampFormat.Iso8601, inspection.Mapping.TimestampFormat);
        Assert.Equal(["Accelerometer1RMS", "Volume Flow RateRMS", "anomaly"], inspection.Mapping.Channels);
        Assert.Equal(DatasetSchema.Generic, inspection.Schema);
        Assert.Equal(2, inspection.Preview.Count);
    }

    [Theory]
    [InlineData("1709251200.25", TimestampFormat.EpochSeconds)]
    [InlineData("1709251200250", TimestampFormat.EpochMilliseconds)]
    [InlineData("1709251200250000", TimestampFormat.EpochMicroseconds)]
    [InlineData("2024-03-01T00:00:00.25Z", TimestampFormat.Iso8601)]
    public void Inspect_DetectsTimestampFormat(string value, TimestampFormat expected)
    {
        var path = store.WriteFile("t.csv", $"timestamp\tvalue\tsensor_id\n{value}\t1.5\tp1\n");

        var inspection = CsvInspector.Inspect(path);

        Assert.Equal('\t', inspection.Separator);
        Assert.Equal(expected, inspection.Mapping.TimestampFormat);
        Assert.Equal("sensor_id", inspection.Mapping.SensorIdColumn);
        Assert.Equal(["value"], inspection.Mapping.Channels);
    }

    [Fact]
    public void Inspect_RecognisesMagnetometerHeader()
    {
        var path = store.WriteFile("m.csv", SampleStoreFixture.MagnetometerCsv(20, epochSeconds: true));

        var inspection = CsvInspector.Inspect(path);

        Assert.Equal(DatasetSchema.Magnetometer, inspection.Schema);
        Assert.Equal(TimestampFormat.EpochSeconds, inspection.Mapping.TimestampFormat);
        Assert.Equal("sensor_id", inspection.Mapping.SensorIdColumn);
        Assert.Equal(9, inspection.Mapping.Channels!.Count);
    }

    [Fact]
    public void Inspect_RefusesAFileWithMoreColumnsThanTheLimit_NamingFileAndLimit()
    {
        var header = "time," + string.Join(",", Enumerable.Range(0, 1_024).Select(i => $"c{i}"));
        var path = store.WriteFile("wide.csv", header + "\n" + "1709251200," + string.Join(",", Enumerable.Repeat("1", 1_024)) + "\n");

        var error = Assert.Throws<ImportException>(() => CsvInspector.Inspect(path, "wide.csv"));

        Assert.Equal("wide.csv", error.FileName);
        Assert.Equal(1, error.Line);
        Assert.Contains("1,025 columns", error.Message);
        Assert.Contains("at most 1,024", error.Message);
        Assert.Equal(1_025, CsvInspector.Inspect(path, "wide.csv", maxColumns: 1_025).Columns.Count);
    }
}
