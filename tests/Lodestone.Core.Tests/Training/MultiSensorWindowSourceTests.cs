using System.Globalization;
using System.Text;
using System.Text.Json;
using Lodestone.Datasets;
using Lodestone.Tests.Datasets;
using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// A run over a dataset of several interleaved sensors: without <c>window.sensor</c> each sensor's rows are windowed on
/// their own, so no window mixes two sensors; with it, only that sensor's rows are read.
/// </summary>
public sealed class MultiSensorWindowSourceTests : IAsyncLifetime
{
    private TestDatabase _test = null!;
    private SampleDatabase _samples = null!;

    public async Task InitializeAsync()
    {
        _test = await TestDatabase.CreateAsync();
        _samples = new SampleDatabase(_test.Paths, new SampleStoreOptions { Threads = 2, MemoryLimitMegabytes = 256 });
    }

    public async Task DisposeAsync()
    {
        _samples.Dispose();
        await _test.DisposeAsync();
    }

    /// <summary>Each sensor k reads b_z = 45,000 + k at every 10 ms step, so a window's b_z names its sensor.</summary>
    private async Task<Guid> ImportAsync(int sensors, int steps)
    {
        var csv = new StringBuilder("timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id\n");
        for (var i = 0; i < steps; i++)
        {
            var time = SampleStoreFixture.Start.AddMilliseconds(i * 10).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            for (var k = 0; k < sensors; k++)
                csv.Append(CultureInfo.InvariantCulture, $"{time},{19_500 + 200 * k + Math.Cos(i / 9.0) * 5:F3},1200.5,{45_000 + k},52.37,4.89,12.5,0.01,0.02,1.57,mag-{k:00}\n");
        }
        var path = Path.Combine(_test.Folder, $"sensors-{sensors}.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        await using var db = _test.Open();
        var (dataset, _) = await new DatasetService(db, new DatasetImporter(_samples)).ImportAsync(_test.ProjectId, "sensors", path, "sensors.csv", null, _test.UserId);
        return dataset.Id;
    }

    private async Task<WindowSet> LoadAsync(Guid dataset, object window)
    {
        await using var db = _test.Open();
        var recipe = new RunRecipe(Trainers.Anomaly.IsolationForestTrainer.KindName, new Trainers.Anomaly.IsolationForestOptions(),
            JsonSerializer.Deserialize<RunWindow>(JsonSerializer.Serialize(window), ModelFiles.Json)!, [dataset]);
        return await new SampleStoreWindowSource(db, new SampleStore(_samples))
            .LoadAsync(new WindowRequest(_test.ProjectId, Guid.NewGuid(), [dataset], recipe), CancellationToken.None);
    }

    /// <summary>The sensor index of each window, asserting that every sample of the window is of that one sensor.</summary>
    private static List<int> SensorOfEachWindow(WindowSet windows) => [.. Enumerable.Range(0, windows.Count).Select(w =>
    {
        var bz = windows.Series(w, windows.Channels.ToList().IndexOf("b_z")).ToArray();
        Assert.All(bz, v => Assert.Equal(bz[0], v));
        return (int)(bz[0] - 45_000);
    })];

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public async Task LoadAsync_WindowsEachSensorOnItsOwn_WhenTheRunNamesNoSensor(int sensors)
    {
        var dataset = await ImportAsync(sensors, 250);

        var windows = await LoadAsync(dataset, new { length = 50, stride = 50, channels = new[] { "b_x", "b_z" } });

        // 250 rows of each sensor make 5 windows of it; mixed rows would make windows whose b_z alternates.
        var bySensor = SensorOfEachWindow(windows).CountBy(k => k).OrderBy(p => p.Key).ToList();
        Assert.Equal(Enumerable.Range(0, sensors).Select(k => new KeyValuePair<int, int>(k, 5)), bySensor);
    }

    [Fact]
    public async Task LoadAsync_ReadsOnlyTheNamedSensor()
    {
        var dataset = await ImportAsync(10, 250);

        var windows = await LoadAsync(dataset, new { length = 50, stride = 50, channels = new[] { "b_x", "b_z" }, sensor = "mag-07" });

        Assert.Equal(Enumerable.Repeat(7, 5), SensorOfEachWindow(windows));
    }
}
