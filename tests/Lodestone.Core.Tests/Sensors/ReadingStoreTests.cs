using Lodestone.Datasets;
using Lodestone.Sensors;
using Lodestone.Tests.Datasets;

namespace Lodestone.Tests.Sensors;

public sealed class ReadingStoreTests : IDisposable
{
    private static readonly DateTime Start = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly SampleStoreFixture store = new();
    private readonly ReadingStoreOptions options = new() { SealAfterReadings = 1_000, CheckEvery = TimeSpan.Zero };
    private ReadingStore readings;

    public ReadingStoreTests() => readings = new ReadingStore(store.Database, options);

    public void Dispose()
    {
        readings.Dispose();
        store.Dispose();
    }

    private static Reading Field(int i, string sensor = "mag-01") =>
        new(sensor, Start.AddMilliseconds(i * 100), new Dictionary<string, double> { ["b_x"] = 19_500 + i, ["b_y"] = 1_200, ["b_z"] = 45_000 });

    [Fact]
    public void Query_SeesStagedReadings_BeforeTheyAreSealed()
    {
        readings.Append(store.ProjectId, Field(0));
        readings.Append(store.ProjectId, [Field(1), Field(2), Field(1, "other")]);

        var found = readings.Query(store.ProjectId, "mag-01", Start, Start.AddHours(1));

        Assert.Equal([19_500.0, 19_501.0, 19_502.0], found.Select(r => r.Values["b_x"]));
        Assert.Empty(Directory.EnumerateFiles(store.Paths.Readings, "*.parquet", SearchOption.AllDirectories));
    }

    [Fact]
    public void Append_SealsIntoParquet_AtTheSizeThreshold_AndQuerySeesBoth()
    {
        readings.Append(store.ProjectId, Enumerable.Range(0, 1_000).Select(i => Field(i)).ToList());
        readings.Append(store.ProjectId, Field(1_000));

        Assert.Single(Directory.EnumerateFiles(store.Paths.Readings, "segment-*.parquet", SearchOption.AllDirectories));
        var found = readings.Query(store.ProjectId, "mag-01", Start.AddSeconds(99), Start.AddHours(1));
        Assert.Equal([Start.AddMilliseconds(99_000), Start.AddMilliseconds(99_100), Start.AddMilliseconds(99_200), Start.AddMilliseconds(99_300)], found.Select(r => r.Timestamp).Take(4));
        Assert.Equal(11, found.Count);
        Assert.Equal(20_500, found[^1].Values["b_x"]);
    }

    [Fact]
    public void StagedReadings_SurviveARestart()
    {
        readings.Append(store.ProjectId, [Field(0), Field(1)]);
        readings.Dispose();
        // A crash in the middle of a write leaves a torn last line; it is cut off on start.
        var log = Directory.EnumerateFiles(store.Paths.Readings, "staging-*.log", SearchOption.AllDirectories).Single();
        File.AppendAllText(log, "{\"s\":\"mag-01\",\"t\":17");

        readings = new ReadingStore(store.Database, options);
        readings.Append(store.ProjectId, Field(2));

        Assert.Equal(3, readings.Query(store.ProjectId, "mag-01", Start, Start.AddHours(1)).Count);
    }

    [Fact]
    public void SealDue_SealsReadingsOlderThanTheTimeThreshold()
    {
        readings.Dispose();
        readings = new ReadingStore(store.Database, options with { SealAfter = TimeSpan.Zero });
        readings.Append(store.ProjectId, Field(0));

        readings.SealDue();

        Assert.Single(Directory.EnumerateFiles(store.Paths.Readings, "segment-*.parquet", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(store.Paths.Readings, "staging-*.log", SearchOption.AllDirectories));
        Assert.Single(readings.Query(store.ProjectId, "mag-01", Start, Start.AddHours(1)));
    }

    [Theory]
    [InlineData("", 1.0, "sensorId")]
    [InlineData("mag-01", double.NaN, "values.b_x")]
    [InlineData("mag-01", double.PositiveInfinity, "values.b_x")]
    public void Append_RejectsTheWholeBatch_WhenAReadingIsInvalid(string sensor, double value, string field)
    {
        var bad = new Reading(sensor, Start, new Dictionary<string, double> { ["b_x"] = value });

        var error = Assert.Throws<ReadingValidationException>(() => readings.Append(store.ProjectId, [Field(0), bad]));

        Assert.Equal(1, error.Index);
        Assert.Equal(field, error.Field);
        Assert.Empty(readings.Query(store.ProjectId, "mag-01", Start, Start.AddHours(1)));
    }

    [Fact]
    public void Append_RejectsTimestampsFarInTheFuture()
    {
        var future = new Reading("mag-01", DateTime.UtcNow.AddDays(30), new Dictionary<string, double> { ["b_x"] = 1 });
        var error = Assert.Throws<ReadingValidationException>(() => readings.Append(store.ProjectId, future));
        Assert.Equal("timestamp", error.Field);
    }

    [Fact]
    public async Task CutDatasetAsync_CopiesASensorsRangeIntoAMagnetometerDataset()
    {
        readings.Append(store.ProjectId, Enumerable.Range(0, 600).Select(i => Field(i)).Concat([Field(5, "other")]).ToList());
        var id = Guid.NewGuid();

        var result = await readings.CutDatasetAsync(store.ProjectId, "mag-01", Start.AddSeconds(10), Start.AddSeconds(20), id);

        Assert.Equal(DatasetSchema.Magnetometer, result.Schema);
        Assert.Equal(100, result.Profile.RowCount);
        Assert.Equal(Start.AddSeconds(10), result.Profile.StartTime);
        Assert.Equal(["mag-01"], result.Profile.SensorIds);
        Assert.Contains(result.Profile.Channels, c => c.Name == "|B|" && c.Derived);
        var series = new SampleStore(store.Database).Query(store.ProjectId, id, ["b_x"], null, null, 1_000);
        Assert.Equal(19_600, series.Channels[0].Max[0]);
    }
}
