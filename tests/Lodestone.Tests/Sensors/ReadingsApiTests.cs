using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lodestone.Infrastructure;

namespace Lodestone.Sensors;

public sealed class ReadingsApiTests
{
    [Theory, StorageProviders]
    public async Task PushedReadings_AreStored_RegisterTheirSensor_AndCanBeCutIntoADataset(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var start = new DateTime(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);
        var batch = Enumerable.Range(0, 50).Select(i => new
        {
            sensorId = "pump-7",
            timestamp = start.AddSeconds(i).ToString("O"),
            values = new Dictionary<string, double> { ["pressure"] = 2.0 + i * 0.01, ["temperature"] = 40 + i % 3 },
        }).ToList();

        var pushed = await user.Client.PostAsJsonAsync($"/api/projects/{project}/readings", batch);
        var single = await user.Client.PostAsJsonAsync($"/api/projects/{project}/readings",
            new { sensorId = "pump-7", timestamp = start.AddSeconds(50).ToString("O"), values = new { pressure = 2.5, temperature = 41.0 } });

        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        var sensors = await user.Client.GetFromJsonAsync<List<SensorsApi.SensorResponse>>($"/api/projects/{project}/sensors");
        var sensor = Assert.Single(sensors!);
        Assert.Equal(("pump-7", 51L, SensorStatus.Online), (sensor.Name, sensor.ReadingCount, sensor.Status));
        Assert.Equal(start.AddSeconds(50), sensor.LastReadingAt);

        var readings = await user.Client.GetFromJsonAsync<List<Reading>>(
            $"/api/projects/{project}/sensors/pump-7/readings?from={start.AddSeconds(10):O}&to={start.AddSeconds(20):O}");
        Assert.Equal(10, readings!.Count);

        var cut = await user.Client.PostAsJsonAsync($"/api/projects/{project}/sensors/pump-7/datasets",
            new { from = start, to = start.AddMinutes(1), name = "pump-7 morning" });
        Assert.Equal(HttpStatusCode.Created, cut.StatusCode);
        var dataset = await cut.Content.ReadFromJsonAsync<Datasets.DatasetsApi.DatasetResponse>();
        Assert.Equal(51, dataset!.RowCount);
        Assert.Contains(dataset.Channels, c => c.Name == "pressure");
    }

    [Fact]
    public async Task SensorList_SaysNoDataYet_Online_OrSilentSince_FromTheReadings_WithAConfiguredThreshold()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Sensors:SilentAfter"] = "00:10:00" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var now = DateTime.UtcNow;
        // Registered as online, but nothing has arrived from it.
        await user.Client.PutAsJsonAsync($"/api/projects/{project}/sensors/probe-new", new { kind = "Temperature", status = "Online" });
        await user.Client.PostAsJsonAsync($"/api/projects/{project}/readings", new object[]
        {
            new { sensorId = "probe-fresh", timestamp = now.AddMinutes(-1).ToString("O"), values = new { temperature = 21.5 } },
            // Five minutes would be silent by default; the configured ten are not over yet.
            new { sensorId = "probe-quiet", timestamp = now.AddMinutes(-7).ToString("O"), values = new { temperature = 21.0 } },
            new { sensorId = "probe-gone", timestamp = new DateTime(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc).ToString("O"), values = new { temperature = 20.0 } },
        });

        var sensors = (await user.Client.GetFromJsonAsync<List<SensorsApi.SensorResponse>>($"/api/projects/{project}/sensors"))!
            .ToDictionary(s => s.Name, s => s.Condition);

        Assert.Equal(new SensorCondition(SensorStatus.Offline, false, "No data yet"), sensors["probe-new"]);
        Assert.Equal(new SensorCondition(SensorStatus.Online, true, "Online"), sensors["probe-fresh"]);
        Assert.Equal(new SensorCondition(SensorStatus.Online, true, "Online"), sensors["probe-quiet"]);
        Assert.Equal(new SensorCondition(SensorStatus.Offline, true, "Silent since 2026-05-01 08:00:00"), sensors["probe-gone"]);
    }

    [Fact]
    public async Task AnInvalidReading_RefusesTheWholeBatch_NamingIt()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var csv = "timestamp,sensor_id,temperature\n2026-05-01T08:00:00Z,probe-1,21.5\n2026-05-01T08:00:01Z,probe-1,hot\n";

        var response = await user.Client.PostAsync($"/api/projects/{project}/readings", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 3", await response.Content.ReadAsStringAsync());
        Assert.Empty((await user.Client.GetFromJsonAsync<List<SensorsApi.SensorResponse>>($"/api/projects/{project}/sensors"))!);
    }

    [Fact]
    public async Task CsvReadings_AreAccepted()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var csv = "timestamp,sensor_id,temperature\n2026-05-01T08:00:00Z,probe-1,21.5\n2026-05-01T08:00:01Z,probe-1,21.7\n";

        var response = await user.Client.PostAsync($"/api/projects/{project}/readings", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<SensorsApi.PushedResponse>())!.Stored);
    }
}
