using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lodestone.Infrastructure;
using Lodestone.Models;
using Lodestone.Training;

namespace Lodestone.Drift;

/// <summary>Drift reports through the API against a trained model version's real training data in the sample store.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class DriftApiTests
{
    [Theory, StorageProviders]
    public async Task A_shifted_recording_drifts_from_the_training_data_and_one_like_it_does_not(StorageProvider provider)
    {
        using var app = new LodestoneAppFactory { Provider = provider, Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var training = (await LodestoneAppFactory.UploadAsync(user, project, Recording(3000, seed: 1, shift: 0), "training.csv")).Dataset.Id;
        var alike = (await LodestoneAppFactory.UploadAsync(user, project, Recording(2000, seed: 2, shift: 0), "alike.csv")).Dataset.Id;
        var shifted = (await LodestoneAppFactory.UploadAsync(user, project, Recording(2000, seed: 3, shift: 0.5), "shifted.csv")).Dataset.Id;
        var run = await ModelVersionsApiTests.TrainAsync(user.Client, project,
            new { trainerKind = "isolation-forest", datasetIds = new[] { training }, config = new { window = new { length = 20, stride = 20 } } });
        var model = run.ModelVersion!.ModelName;
        await ModelVersionsApiTests.Read<ModelVersionResponse>(await user.Client.PutAsJsonAsync($"/api/projects/{project}/models/{model}/aliases/production", new { version = 1 }));

        var same = await ModelVersionsApiTests.Read<DriftReportResponse>(
            await user.Client.PostAsJsonAsync($"/api/projects/{project}/drift", new { model, version = 1, datasetId = alike }));
        var moved = await ModelVersionsApiTests.Read<DriftReportResponse>(
            await user.Client.PostAsJsonAsync($"/api/projects/{project}/drift", new { model, alias = "production", datasetId = shifted }));

        Assert.Equal(["b_x", "b_y", "b_z"], same.Columns.Select(c => c.Column));
        // 3,000 training samples: above Evidently's 1,000, so the normed Wasserstein distance decides.
        Assert.All(same.Columns, c => Assert.Equal(("wasserstein", 3000, 2000), (c.Test, c.ReferenceCount, c.CurrentCount)));
        Assert.False(same.Drifted, string.Join("; ", same.Columns.Select(c => $"{c.Column} {c.Statistic:F3}")));
        Assert.Equal(0, same.DriftedShare);
        // b_x and b_z moved by half their range; b_y did not: two of three columns drifted.
        Assert.True(moved.Drifted);
        Assert.Equal(2.0 / 3, moved.DriftedShare, 1e-9);
        Assert.Equal([true, false, true], moved.Columns.Select(c => c.Drifted));
        Assert.True(moved.Columns[0].Psi > 0.1, $"PSI {moved.Columns[0].Psi}");
        Assert.Equal(moved.Columns[0].Histogram.Edges.Length - 1, moved.Columns[0].Histogram.Current.Length);

        var listed = await ModelVersionsApiTests.Read<List<DriftReportResponse>>(await user.Client.GetAsync($"/api/projects/{project}/drift?versionId={run.ModelVersion.Id}"));
        Assert.Equal([moved.Id, same.Id], listed.Select(r => r.Id));
        var one = await ModelVersionsApiTests.Read<DriftReportResponse>(await user.Client.GetAsync($"/api/projects/{project}/drift/{moved.Id}"));
        Assert.Equal((shifted, true, 3), (one.DatasetId!.Value, one.Drifted, one.Columns.Count));

        // A time range of the recording: its first 500 samples at 10 Hz.
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(3);
        var ranged = await ModelVersionsApiTests.Read<DriftReportResponse>(await user.Client.PostAsJsonAsync($"/api/projects/{project}/drift",
            new { model, version = 1, datasetId = shifted, from = start, to = start.AddSeconds(50) }));
        Assert.All(ranged.Columns, c => Assert.Equal(500, c.CurrentCount));
    }

    [Fact]
    public async Task Bad_requests_are_400s_naming_the_field_and_non_members_get_404()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var stranger = await app.CreateUserAsync("stranger");
        var viewer = await app.CreateUserAsync("viewer");
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        await user.Client.PutAsJsonAsync($"/api/projects/{project}/members/{viewer.UserName}", new { role = "Viewer" });
        var training = (await LodestoneAppFactory.UploadAsync(user, project, Recording(600, seed: 1, shift: 0), "training.csv")).Dataset.Id;
        var other = (await LodestoneAppFactory.UploadAsync(user, project, Encoding.UTF8.GetBytes("timestamp,temperature\n2026-03-01T00:00:00Z,20\n2026-03-01T00:00:01Z,21\n"), "t.csv")).Dataset.Id;
        var run = await ModelVersionsApiTests.TrainAsync(user.Client, project,
            new { trainerKind = "isolation-forest", datasetIds = new[] { training }, config = new { window = new { length = 20, stride = 20 } } });
        var model = run.ModelVersion!.ModelName;
        var url = $"/api/projects/{project}/drift";

        async Task<string> BadRequest(object body)
        {
            var response = await user.Client.PostAsJsonAsync(url, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            return text;
        }

        Assert.Contains("model: the project has no model 'nope'", await BadRequest(new { model = "nope", version = 1, datasetId = training }));
        Assert.Contains("version: model", await BadRequest(new { model, version = 7, datasetId = training }));
        Assert.Contains("version: give a version number or an alias", await BadRequest(new { model, datasetId = training }));
        Assert.Contains("datasetId: give a dataset, or a sensor", await BadRequest(new { model, version = 1 }));
        Assert.Contains("count:", await BadRequest(new { model, version = 1, sensor = "s1" }));
        Assert.Contains("to: must be after from", await BadRequest(new { model, version = 1, datasetId = training, from = "2026-03-02T00:00:00Z", to = "2026-03-01T00:00:00Z" }));
        Assert.Contains("has no channel 'b_x'", await BadRequest(new { model, version = 1, datasetId = other }));
        Assert.Contains("datasetId: the project has no dataset", await BadRequest(new { model, version = 1, datasetId = Guid.NewGuid() }));
        Assert.Contains("sensor: sensor 'ghost' has no readings", await BadRequest(new { model, version = 1, sensor = "ghost", count = 10 }));

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsJsonAsync(url, new { model, version = 1, datasetId = training })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PostAsJsonAsync(url, new { model, version = 1, datasetId = training })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.Client.GetAsync(url)).StatusCode);
    }

    /// <summary>A magnetometer at 10 Hz: uniform noise of width 1 on each axis; <paramref name="shift"/> moves b_x up and b_z down.</summary>
    private static byte[] Recording(int samples, int seed, double shift)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("timestamp,b_x,b_y,b_z\n");
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(seed);
        for (var i = 0; i < samples; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddMilliseconds(100 * i):yyyy-MM-ddTHH:mm:ss.fffZ},{20 + shift + random.NextDouble():F3},{-5 + random.NextDouble():F3},{40 - shift + random.NextDouble():F3}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
