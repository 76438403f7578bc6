using System.Globalization;
using System.Text;
using System.Text.Json;
using Lodestone.Datasets;
using Lodestone.Labels;
using Lodestone.Tests.Datasets;
using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// A run whose labels come from annotations: each window takes the labels covering half of it with their confidences
/// (several where annotations overlap), an annotation of one sensor labels only that sensor's windows, and a level of
/// the hierarchy reads a child label as its parent.
/// </summary>
public sealed class AnnotationWindowSourceTests : IAsyncLifetime
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

    private static DateTime At(double seconds) => SampleStoreFixture.Start.AddSeconds(seconds);

    [Fact]
    public async Task Windows_take_the_labels_of_the_annotations_covering_them_per_sensor_and_at_a_hierarchy_level()
    {
        var dataset = await ImportAsync();
        await using (var db = _test.Open())
        {
            var clock = TimeProvider.System;
            var catalog = new LabelCatalog(db, clock);
            var motor = (await catalog.ListAsync(_test.ProjectId)).Single(c => c.Name == "Motor");
            await catalog.CreateAsync(_test.ProjectId, "Bearing", null, "b", motor.Id);
            var annotations = new AnnotationService(db, catalog, clock);
            async Task Label(double from, double to, string label, double confidence, string? sensor = null) =>
                await annotations.CreateAsync(_test.ProjectId, dataset, new AnnotationInput(At(from), At(to), [new LabelInput(Category: label, Confidence: confidence)], Sensor: sensor), _test.UserId);
            await Label(0, 1.0, "Motor", 0.8);
            await Label(0.5, 1.0, "Fan Noise", 0.4);
            await Label(1.0, 1.5, "Bearing", 1.0, sensor: "mag-01");
        }

        var asGiven = await LoadAsync(dataset, new { length = 50, stride = 50, channels = new[] { "b_x", "b_z" } });
        var parents = await LoadAsync(dataset, new { length = 50, stride = 50, channels = new[] { "b_x", "b_z" }, labelLevel = 0 });

        // 250 rows of each sensor at 100 Hz: five half-second windows each.
        var expected = new Dictionary<(int Sensor, int Window), string>
        {
            [(0, 0)] = "Motor=0.8", [(0, 1)] = "Fan Noise=0.4,Motor=0.8", [(0, 2)] = "", [(0, 3)] = "", [(0, 4)] = "",
            [(1, 0)] = "Motor=0.8", [(1, 1)] = "Fan Noise=0.4,Motor=0.8", [(1, 2)] = "Bearing=1", [(1, 3)] = "", [(1, 4)] = "",
        };
        Assert.Equal(expected, Describe(asGiven));
        expected[(1, 2)] = "Motor=1";
        Assert.Equal(expected, Describe(parents));
    }

    private static Dictionary<(int, int), string> Describe(WindowSet windows) => Enumerable.Range(0, windows.Count).ToDictionary(
        w => ((int)(windows.Series(w, windows.Channels.ToList().IndexOf("b_z")).ToArray()[0] - 45_000),
            (int)Math.Round((windows.StartTimes[w] - SampleStoreFixture.Start).TotalSeconds / 0.5)),
        w => windows.Labels[w] is { } labels
            ? string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key}={Math.Round(l.Value, 3)}")))
            : "");

    /// <summary>Two sensors at 100 Hz for 2.5 s; sensor k reads b_z = 45,000 + k, so a window's b_z names its sensor.</summary>
    private async Task<Guid> ImportAsync()
    {
        var csv = new StringBuilder("timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id\n");
        for (var i = 0; i < 250; i++)
        {
            var time = SampleStoreFixture.Start.AddMilliseconds(i * 10).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            for (var k = 0; k < 2; k++)
                csv.Append(CultureInfo.InvariantCulture, $"{time},{19_500 + 200 * k + Math.Cos(i / 9.0) * 5:F3},1200.5,{45_000 + k},52.37,4.89,12.5,0.01,0.02,1.57,mag-{k:00}\n");
        }
        var path = Path.Combine(_test.Folder, "labelled.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        await using var db = _test.Open();
        var (dataset, _) = await new DatasetService(db, new DatasetImporter(_samples)).ImportAsync(_test.ProjectId, "labelled", path, "labelled.csv", null, _test.UserId);
        return dataset.Id;
    }

    private async Task<WindowSet> LoadAsync(Guid dataset, object window)
    {
        await using var db = _test.Open();
        var recipe = new RunRecipe(Trainers.Classification.LightGbmTrainer.KindName, new Trainers.Classification.LightGbmOptions(),
            JsonSerializer.Deserialize<RunWindow>(JsonSerializer.Serialize(window), ModelFiles.Json)!, [dataset]);
        return await new SampleStoreWindowSource(db, new SampleStore(_samples))
            .LoadAsync(new WindowRequest(_test.ProjectId, Guid.NewGuid(), [dataset], recipe), CancellationToken.None);
    }
}
