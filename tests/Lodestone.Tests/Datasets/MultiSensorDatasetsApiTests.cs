using System.Net;
using System.Net.Http.Json;
using Lodestone.Infrastructure;
using Lodestone.Samples;

namespace Lodestone.Datasets;

/// <summary>
/// A recording of several interleaved sensors through the API: one chart series per sensor and each sensor's statistics,
/// checked against the generated samples themselves.
/// </summary>
public sealed class MultiSensorDatasetsApiTests
{
    private static RecordingOptions Recording(int sensors) =>
        new() { Duration = TimeSpan.FromSeconds(40), SensorCount = sensors, Seed = 7, Rates = EventRates.None };

    private static async Task<(TestUser User, Guid Project, Guid Dataset)> UploadAsync(LodestoneAppFactory app, RecordingOptions recording)
    {
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        using var csv = new MemoryStream();
        MagnetometerRecording.Plan(recording).WriteCsv(csv);
        var imported = await LodestoneAppFactory.UploadAsync(user, project, csv.ToArray(), "sensors.csv");
        return (user, project, imported.Dataset.Id);
    }

    /// <summary>Each sensor's b_x as generated, in time order.</summary>
    private static Dictionary<string, double[]> GeneratedBx(RecordingOptions recording) =>
        MagnetometerRecording.Generate(recording).GroupBy(s => s.SensorId).ToDictionary(g => g.Key, g => g.Select(s => s.Bx).ToArray());

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public async Task SeriesBySensor_GivesEachSensorItsOwnSamples(int sensors)
    {
        using var app = new LodestoneAppFactory();
        var recording = Recording(sensors);
        var (user, project, dataset) = await UploadAsync(app, recording);
        var generated = GeneratedBx(recording);

        var series = (await user.Client.GetFromJsonAsync<List<Series>>(
            $"/api/projects/{project}/datasets/{dataset}/series/by-sensor?channels=b_x,b_z&points=5000"))!;

        Assert.Equal(generated.Keys.Order(), series.Select(s => s.SensorId));
        foreach (var one in series)
        {
            Assert.True(one.Raw);
            var expected = generated[one.SensorId!];
            Assert.Equal(expected.Length, one.RowsInRange);
            Assert.Equal(expected, one.Channels[0].Min.Select(v => v!.Value), new Tolerance(0.01));
        }
    }

    [Fact]
    public async Task SeriesBySensor_BucketsEachChosenSensor_AndNamesAnUnknownOne()
    {
        using var app = new LodestoneAppFactory();
        var recording = Recording(10);
        var (user, project, dataset) = await UploadAsync(app, recording);
        var generated = GeneratedBx(recording);
        var url = $"/api/projects/{project}/datasets/{dataset}/series/by-sensor?channels=b_x&points=100";

        var series = (await user.Client.GetFromJsonAsync<List<Series>>(url + "&sensors=mag-10,mag-03"))!;

        Assert.Equal(["mag-03", "mag-10"], series.Select(s => s.SensorId));
        foreach (var one in series)
        {
            Assert.False(one.Raw);
            Assert.InRange(one.Times.Length, 90, 100);
            // Every bucket's envelope lies within that sensor's own samples, and together they reach its extremes.
            var own = generated[one.SensorId!];
            Assert.Equal(own.Max(), one.Channels[0].Max.Max()!.Value, 0.01);
            Assert.Equal(own.Min(), one.Channels[0].Min.Min()!.Value, 0.01);
        }
        var unknown = await user.Client.GetAsync(url + "&sensors=mag-03,pump-1");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'pump-1'", await unknown.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public async Task SensorStatistics_AreEachSensorsOwn_AndTheOverallOnesSpanThemAll(int sensors)
    {
        using var app = new LodestoneAppFactory();
        var recording = Recording(sensors);
        var (user, project, dataset) = await UploadAsync(app, recording);
        var generated = GeneratedBx(recording);

        var profiles = (await user.Client.GetFromJsonAsync<List<SensorProfile>>($"/api/projects/{project}/datasets/{dataset}/sensors"))!;
        var overall = (await user.Client.GetFromJsonAsync<DatasetsApi.DatasetResponse>($"/api/projects/{project}/datasets/{dataset}"))!;

        Assert.Equal(generated.Keys.Order(), profiles.Select(p => p.SensorId));
        foreach (var profile in profiles)
        {
            var own = generated[profile.SensorId];
            var bx = profile.Channels.Single(c => c.Name == "b_x");
            Assert.Equal(own.Length, profile.Rows);
            Assert.Equal(own.Min(), bx.Min!.Value, 0.01);
            Assert.Equal(own.Max(), bx.Max!.Value, 0.01);
            Assert.Equal(own.Average(), bx.Mean!.Value, 0.01);
            Assert.Contains(profile.Channels, c => c.Name == "|B|" && c.Derived);
        }
        var all = overall.Channels.Single(c => c.Name == "b_x");
        Assert.Equal(overall.RowCount, profiles.Sum(p => p.Rows));
        Assert.Equal(profiles.Min(p => p.Channels.Single(c => c.Name == "b_x").Min), all.Min);
        Assert.Equal(profiles.Max(p => p.Channels.Single(c => c.Name == "b_x").Max), all.Max);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;
        public int GetHashCode(double value) => 0;
    }
}
