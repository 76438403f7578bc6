using System.Globalization;
using System.Text;
using Lodestone.Datasets;

namespace Lodestone.Tests.Datasets;

/// <summary>
/// Datasets whose rows interleave several sensors, each at its own field level (sensor k near 19,500 + 200·k nT): every
/// chart series, statistic and training window must stay within one sensor's level, never a band across them.
/// </summary>
public sealed class MultiSensorSampleStoreTests : IDisposable
{
    private readonly SampleStoreFixture store = new(new SampleStoreOptions
    {
        Threads = 2, MemoryLimitMegabytes = 256, PyramidThresholdRows = 1_000, PyramidChunkRows = 7_000,
    });
    private readonly SampleStore samples;

    public MultiSensorSampleStoreTests() => samples = new SampleStore(store.Database);

    public void Dispose() => store.Dispose();

    private static string Sensor(int k) => $"mag-{k:00}";

    private static double Level(int k) => 19_500 + 200 * k;

    /// <summary>Every sensor reads at each 10 ms step, rows of one step in sensor order; b_x within ±5 of its level.</summary>
    private async Task<Guid> ImportSensors(int sensors, int steps, (int Sensor, int Step)? spike = null)
    {
        var csv = new StringBuilder("timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id\n");
        for (var i = 0; i < steps; i++)
        {
            var time = SampleStoreFixture.Start.AddMilliseconds(i * 10).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            for (var k = 0; k < sensors; k++)
            {
                var bx = spike == (k, i) ? 99_000 : Level(k) + Math.Cos(i / 70.0 + k) * 5;
                csv.Append(CultureInfo.InvariantCulture, $"{time},{bx:F3},1200.5,{45_000 + k:F3},52.37,4.89,12.5,0.01,0.02,1.57,{Sensor(k)}\n");
            }
        }
        var id = Guid.NewGuid();
        await store.Importer.ImportAsync(store.WriteFile($"{id:N}.csv", csv.ToString()), "sensors.csv", null, store.ProjectId, id);
        return id;
    }

    private static void AssertWithinLevel(Series series, int k)
    {
        var values = series.Channels[0].Min.Concat(series.Channels[0].Max).OfType<double>().ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.InRange(v, Level(k) - 5.001, Level(k) + 5.001));
    }

    [Fact]
    public async Task QueryBySensor_GivesEachSensorItsOwnRawSeries_WithTwoSensors()
    {
        var id = await ImportSensors(2, 400);

        var series = samples.QueryBySensor(store.ProjectId, id, ["b_x", "b_z"], null, null, 1_000);

        Assert.Equal([Sensor(0), Sensor(1)], series.Select(s => s.SensorId));
        Assert.All(series, s => Assert.True(s.Raw));
        Assert.All(series, s => Assert.Equal(400, s.Times.Length));
        AssertWithinLevel(series[0], 0);
        AssertWithinLevel(series[1], 1);
        Assert.Equal(45_001, series[1].Channels[1].Min[0]);
    }

    [Fact]
    public async Task QueryBySensor_BucketsEachSensorFromItsOwnPyramidTiles_WithTenSensors()
    {
        var id = await ImportSensors(10, 3_000, spike: (7, 2_345));

        var series = samples.QueryBySensor(store.ProjectId, id, ["b_x"], null, null, 20);

        Assert.Equal(Enumerable.Range(0, 10).Select(Sensor), series.Select(s => s.SensorId));
        Assert.All(series, s => Assert.NotNull(s.PyramidLevel));
        Assert.All(series, s => Assert.Equal(3_000, s.RowsInRange));
        foreach (var k in Enumerable.Range(0, 10).Where(k => k != 7)) AssertWithinLevel(series[k], k);
        Assert.Equal(99_000, series[7].Channels[0].Max.Max());
        Assert.InRange(series[7].Channels[0].Min.Min()!.Value, Level(7) - 5.001, Level(7) + 5.001);
    }

    [Fact]
    public async Task QueryBySensor_ReturnsOnlyTheChosenSensors()
    {
        var id = await ImportSensors(10, 300);

        var series = samples.QueryBySensor(store.ProjectId, id, ["b_x"], null, null, 100, [Sensor(8), Sensor(2)]);

        Assert.Equal([Sensor(2), Sensor(8)], series.Select(s => s.SensorId));
        AssertWithinLevel(series[0], 2);
        AssertWithinLevel(series[1], 8);
        var error = Assert.Throws<ArgumentException>(() => samples.QueryBySensor(store.ProjectId, id, ["b_x"], null, null, 100, ["nope"]));
        Assert.Contains("'nope'", error.Message);
    }

    [Fact]
    public async Task Query_OfOneSensor_ReadsThatSensorsPyramidTiles()
    {
        var id = await ImportSensors(3, 3_000);

        var series = samples.Query(store.ProjectId, id, ["b_x"], null, null, 40, sensorId: Sensor(2));

        Assert.NotNull(series.PyramidLevel);
        AssertWithinLevel(series, 2);
    }

    [Fact]
    public async Task SensorProfiles_GiveEachSensorsStatistics()
    {
        var id = await ImportSensors(2, 500);

        var profiles = samples.SensorProfiles(store.ProjectId, id);

        Assert.Equal([Sensor(0), Sensor(1)], profiles.Select(p => p.SensorId));
        Assert.All(profiles, p => Assert.Equal(500, p.Rows));
        var bx = profiles[1].Channels.Single(c => c.Name == "b_x");
        Assert.InRange(bx.Min!.Value, Level(1) - 5.001, Level(1));
        Assert.InRange(bx.Max!.Value, Level(1), Level(1) + 5.001);
        Assert.Contains(profiles[1].Channels, c => c.Name == "|B|" && c.Derived);
    }

    [Fact]
    public async Task ReadWindows_NeverSpanTwoSensors_WhenNoSensorIsNamed()
    {
        var id = await ImportSensors(2, 250);

        var windows = samples.ReadWindows(store.ProjectId, id, ["b_x"], null, null, length: 50, stride: 50);

        // Each sensor's 250 rows make 5 windows of their own; interleaved rows would alternate between the levels.
        Assert.Equal(10, windows.Count);
        for (var w = 0; w < windows.Count; w++)
        {
            var values = windows.Series(w, 0).ToArray();
            var k = values[0] < Level(0) + 100 ? 0 : 1;
            Assert.All(values, v => Assert.InRange(v, Level(k) - 5.01, Level(k) + 5.01));
        }
        Assert.Equal(5, Enumerable.Range(0, windows.Count).Count(w => windows.Series(w, 0)[0] > Level(0) + 100));
    }

    [Fact]
    public async Task ReadWindows_OfTenSensors_GivesEachSensorItsWindows()
    {
        var id = await ImportSensors(10, 120);

        var windows = samples.ReadWindows(store.ProjectId, id, ["b_x", "b_z"], null, null, length: 40, stride: 20);

        Assert.Equal(10 * 5, windows.Count);
        for (var w = 0; w < windows.Count; w++)
        {
            var k = (int)(windows.Series(w, 1)[0] - 45_000);
            Assert.All(windows.Series(w, 1).ToArray(), v => Assert.Equal(45_000 + k, v));
            Assert.All(windows.Series(w, 0).ToArray(), v => Assert.InRange(v, Level(k) - 5.01, Level(k) + 5.01));
        }
    }
}
