using Lodestone.Datasets;

namespace Lodestone.Tests.Datasets;

public sealed class SampleStoreTests : IDisposable
{
    // A low threshold gives the small test datasets a pyramid, so both query paths are exercised, and a small chunk size
    // builds its first level in several time chunks as big imports do.
    private readonly SampleStoreFixture store = new(new SampleStoreOptions
    {
        Threads = 2, MemoryLimitMegabytes = 256, PyramidThresholdRows = 1_000, PyramidChunkRows = 700,
    });
    private readonly SampleStore samples;

    public SampleStoreTests() => samples = new SampleStore(store.Database);

    public void Dispose() => store.Dispose();

    private async Task<Guid> ImportMagnetometer(int rows, int? spikeAt = null)
    {
        var id = Guid.NewGuid();
        var path = store.WriteFile($"{id:N}.csv", SampleStoreFixture.MagnetometerCsv(rows, spikeAt));
        await store.Importer.ImportAsync(path, "mag.csv", null, store.ProjectId, id);
        return id;
    }

    [Fact]
    public async Task Query_ReturnsRawSamples_WhenFewerThanMaxPoints()
    {
        var id = await ImportMagnetometer(500);

        var series = samples.Query(store.ProjectId, id, ["b_x", "|B|"], null, null, 1_000);

        Assert.True(series.Raw);
        Assert.Equal(500, series.Times.Length);
        Assert.Equal(SampleStoreFixture.Start, series.Times[0]);
        Assert.Equal(["b_x", "|B|"], series.Channels.Select(c => c.Name));
        Assert.InRange(series.Channels[1].Max[0]!.Value, 49_000, 50_000);
    }

    [Fact]
    public async Task Query_KeepsASingleSampleSpike_WhenBucketingFromTheSamples()
    {
        var id = await ImportMagnetometer(20_000, spikeAt: 12_345);
        // A sensor filter bypasses the pyramid: buckets come straight from the segments.
        var series = samples.Query(store.ProjectId, id, ["b_z"], null, null, 100, sensorId: "mag-01");

        Assert.False(series.Raw);
        Assert.Null(series.PyramidLevel);
        Assert.InRange(series.Times.Length, 90, 100);
        Assert.Equal(99_000, series.Channels[0].Max.Max());
        var spikeTime = SampleStoreFixture.Start.AddMilliseconds(123_450);
        var bucket = Array.FindIndex(series.Channels[0].Max, v => v == 99_000);
        Assert.InRange(spikeTime, series.Times[bucket], series.Times[bucket] + series.BucketWidth);
    }

    [Fact]
    public async Task Query_KeepsASingleSampleSpike_WhenBucketingFromThePyramid()
    {
        var id = await ImportMagnetometer(50_000, spikeAt: 31_337);

        var series = samples.Query(store.ProjectId, id, ["b_z", "|B|"], null, null, 50);

        Assert.NotNull(series.PyramidLevel);
        Assert.Equal(99_000, series.Channels[0].Max.Max());
        Assert.True(series.Channels[1].Max.Max() > 99_000);
        Assert.InRange(series.Channels[0].Min.Min()!.Value, 44_980, 45_000);
        Assert.Equal(50_000, series.RowsInRange);
    }

    [Fact]
    public async Task Query_ReturnsOnlyTheRequestedRange()
    {
        var id = await ImportMagnetometer(5_000);
        var from = SampleStoreFixture.Start.AddSeconds(10);

        var series = samples.Query(store.ProjectId, id, ["b_x"], from, from.AddSeconds(5), 10_000);

        Assert.True(series.Raw);
        Assert.Equal(500, series.Times.Length);
        Assert.Equal(from, series.Times[0]);
        Assert.Equal(from.AddSeconds(5).AddMilliseconds(-10), series.Times[^1]);
    }

    [Fact]
    public async Task Query_Throws_ForUnknownChannel()
    {
        var id = await ImportMagnetometer(100);
        var error = Assert.Throws<ArgumentException>(() => samples.Query(store.ProjectId, id, ["b_w"], null, null, 10));
        Assert.Contains("b_w", error.Message);
    }

    [Fact]
    public async Task SampleFieldVector_ReturnsAtMostMaxPointsOfMeasuredVectors()
    {
        var id = await ImportMagnetometer(30_000);

        var vectors = samples.SampleFieldVector(store.ProjectId, id, null, null, 500);

        Assert.InRange(vectors.Times.Length, 100, 500);
        Assert.All(vectors.X, x => Assert.InRange(x, 19_490, 19_510));
        Assert.All(vectors.Z, z => Assert.InRange(z, 44_980, 45_020));
        Assert.True(vectors.Times.Zip(vectors.Times.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public async Task ReadWindows_CutsWindowsWithStride()
    {
        var id = await ImportMagnetometer(1_000);

        var windows = samples.ReadWindows(store.ProjectId, id, ["b_x", "b_z"], null, null, length: 100, stride: 50);

        Assert.Equal(19, windows.Count);
        Assert.Equal(["b_x", "b_z"], windows.Channels);
        Assert.Equal(SampleStoreFixture.Start.AddMilliseconds(500), windows.StartTimes[1]);
        Assert.Equal(45_000, windows.Series(0, 1)[0], 1);
        Assert.All(windows.DatasetIds, d => Assert.Equal(id, d));
    }

    [Fact]
    public async Task ImportAsync_GivesTheSameChannelStatistics_WithAndWithoutPyramid()
    {
        var csv = new System.Text.StringBuilder("timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id\n");
        for (var i = 0; i < 3_000; i++)
        {
            var time = SampleStoreFixture.Start.AddMilliseconds(i * 10).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
            var x = i % 97 == 0 ? "" : i % 89 == 0 ? "nan" : (19_500 + Math.Cos(i / 7.0) * 40).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{time},{x},1200.5,{45_000 + i * 0.01:F3},52.37,4.89,,0.01,0.02,1.57,mag-01\n");
        }
        var path = store.WriteFile("stats.csv", csv.ToString());
        using var plain = new SampleStoreFixture();

        var withPyramid = (await store.Importer.ImportAsync(path, "stats.csv", null, store.ProjectId, Guid.NewGuid())).Profile.Channels;
        var without = (await plain.Importer.ImportAsync(path, "stats.csv", null, plain.ProjectId, Guid.NewGuid())).Profile.Channels;

        Assert.Equal(without.Select(c => (c.Name, c.Min, c.Max, c.Missing)), withPyramid.Select(c => (c.Name, c.Min, c.Max, c.Missing)));
        foreach (var (a, b) in without.Zip(withPyramid))
        {
            Assert.Equal(a.Mean.HasValue, b.Mean.HasValue);
            if (a.Mean is { } mean) Assert.Equal(mean, b.Mean!.Value, 1e-9 * Math.Max(1, Math.Abs(mean)));
            if (a.Std is { } std) Assert.Equal(std, b.Std!.Value, 1e-9 * Math.Max(1, std));
        }
        var bx = Assert.Single(withPyramid, c => c.Name == "b_x");
        Assert.Equal(31 + 33, bx.Missing);
        Assert.Equal(3_000, Assert.Single(withPyramid, c => c.Name == "altitude").Missing);
    }

    [Fact]
    public async Task Query_CountsEveryRow_WhenTheRecordingHasALongGap()
    {
        // Two 100 Hz bursts a year apart: the pyramid's time chunks between them are empty.
        var csv = new System.Text.StringBuilder("timestamp,x\n");
        foreach (var start in new[] { SampleStoreFixture.Start, SampleStoreFixture.Start.AddYears(1) })
            for (var i = 0; i < 1_500; i++)
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{start.AddMilliseconds(i * 10):yyyy-MM-ddTHH:mm:ss.fff},{i}\n");
        var id = Guid.NewGuid();
        await store.Importer.ImportAsync(store.WriteFile("gap.csv", csv.ToString()), "gap.csv", null, store.ProjectId, id);

        var series = samples.Query(store.ProjectId, id, ["x"], null, null, 100);

        Assert.NotNull(series.PyramidLevel);
        Assert.Equal(3_000, series.RowsInRange);
        Assert.Equal(1_499, series.Channels[0].Max.Max());
    }

    [Fact]
    public async Task ImportAsync_ReportsDuplicates_WhenEveryTimestampIsTheSame()
    {
        var csv = new System.Text.StringBuilder("timestamp,x\n");
        for (var i = 0; i < 2_000; i++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"2024-03-01T00:00:00,{i}\n");

        var result = await store.Importer.ImportAsync(store.WriteFile("same.csv", csv.ToString()), "same.csv", null, store.ProjectId, Guid.NewGuid());

        Assert.Equal(1_999, result.DuplicateTimestamps);
        Assert.Equal(999.5, Assert.Single(result.Profile.Channels).Mean!.Value, 9);
    }
}
