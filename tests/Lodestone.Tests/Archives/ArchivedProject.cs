using System.Net;
using System.Net.Http.Json;
using Lodestone.Infrastructure;
using Lodestone.Samples;
using Lodestone.Trainers.Anomaly;
using Lodestone.Training;

namespace Lodestone.Archives;

/// <summary>
/// A project made the way a user makes one, through the API: an uploaded recording, a registered sensor with readings
/// pushed, a completed isolation-forest run on the recording (metrics, logs, model, report), its model version with the
/// alias <c>production</c>, and a second member.
/// </summary>
public sealed record ArchivedProject(Guid ProjectId, Guid DatasetId, Guid RunId, string ModelName)
{
    public const string Colleague = "bob";

    public static async Task<ArchivedProject> BuildAsync(LodestoneAppFactory app, TestUser owner, bool withRun = true)
    {
        var project = await LodestoneAppFactory.CreateProjectAsync(owner, "Magnetometers");
        using var csv = new MemoryStream();
        MagnetometerRecording.Plan(SampleRecordings.Small).WriteCsv(csv);
        var uploaded = await LodestoneAppFactory.UploadAsync(owner, project, csv.ToArray(), "site.csv");

        await app.CreateUserAsync(Colleague);
        (await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{Colleague}", new { role = "Editor" })).EnsureSuccessStatusCode();
        (await owner.Client.PutAsJsonAsync($"/api/projects/{project}/sensors/pump-7", new { kind = "Pressure", unit = "bar", location = "hall 2" })).EnsureSuccessStatusCode();
        var start = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var readings = Enumerable.Range(0, 20).Select(i => new { sensorId = "pump-7", timestamp = start.AddSeconds(i), values = new Dictionary<string, double> { ["p"] = 1.5 + i / 100.0 } });
        (await owner.Client.PostAsJsonAsync($"/api/projects/{project}/readings", readings)).EnsureSuccessStatusCode();
        if (!withRun) return new ArchivedProject(project, uploaded.Dataset.Id, Guid.Empty, "");

        var created = await owner.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new
        {
            name = "site anomalies",
            trainerKind = IsolationForestTrainer.KindName,
            datasetIds = new[] { uploaded.Dataset.Id },
            config = new { window = new { length = 50, stride = 25, channels = new[] { "b_x", "b_y", "b_z" } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var started = await created.Content.ReadFromJsonAsync<RunResponse>();
        var run = await TrainingApiTests.WaitForAsync(owner.Client, $"/api/projects/{project}/runs/{started!.Id}",
            r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);
        Assert.True(run.State == TrainingRunState.Completed, $"The run ended {run.State}: {run.FailureReason}");

        var models = await owner.Client.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/api/projects/{project}/models");
        var model = Assert.Single(models!).GetProperty("name").GetString()!;
        (await owner.Client.PutAsJsonAsync($"/api/projects/{project}/models/{model}/aliases/production", new { version = 1 })).EnsureSuccessStatusCode();

        // A refit continuing from version 1, with params and tags: version 2 names version 1 as its parent, and the run
        // names it as its starting point (the keys an import sets after every row is in).
        var first = await owner.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/projects/{project}/models/{model}/versions/1");
        var refit = await owner.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new
        {
            name = "site anomalies, refit",
            trainerKind = IsolationForestTrainer.KindName,
            datasetIds = new[] { uploaded.Dataset.Id },
            parentModelVersionId = first.GetProperty("id").GetGuid(),
            config = new { window = new { length = 50, stride = 25, channels = new[] { "b_x", "b_y", "b_z" } } },
        });
        Assert.True(refit.StatusCode == HttpStatusCode.Created, await refit.Content.ReadAsStringAsync());
        var second = await refit.Content.ReadFromJsonAsync<RunResponse>();
        var refitted = await TrainingApiTests.WaitForAsync(owner.Client, $"/api/projects/{project}/runs/{second!.Id}",
            r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);
        Assert.True(refitted.State == TrainingRunState.Completed, $"The refit ended {refitted.State}: {refitted.FailureReason}");
        (await owner.Client.PatchAsJsonAsync($"/api/projects/{project}/runs/{second.Id}", new
        {
            @params = new Dictionary<string, string> { ["site"] = "harbour" },
            tags = new Dictionary<string, string> { ["reviewed-by"] = Colleague },
        })).EnsureSuccessStatusCode();
        return new ArchivedProject(project, uploaded.Dataset.Id, run.Id, model);
    }

    public static async Task<byte[]> ExportAsync(TestUser owner, Guid project)
    {
        var response = await owner.Client.PostAsync($"/api/projects/{project}/export", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static MultipartFormDataContent ImportForm(byte[] archive, string? name = null)
    {
        var form = new MultipartFormDataContent();
        if (name is not null) form.Add(new StringContent(name), "name");
        form.Add(new ByteArrayContent(archive), "file", "project.lodestone.zip");
        return form;
    }
}
