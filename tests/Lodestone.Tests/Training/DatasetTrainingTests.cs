using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestone.Datasets;
using Lodestone.Infrastructure;
using Lodestone.Samples;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Training;

/// <summary>A run trains on an uploaded dataset's windows, read from the sample store: upload, train, model on disk.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class DatasetTrainingTests
{
    [Fact]
    public async Task AnIsolationForestRun_TrainsOnAnUploadedRecording()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        using var csv = new MemoryStream();
        MagnetometerRecording.Plan(SampleRecordings.Small).WriteCsv(csv);
        var uploaded = await LodestoneAppFactory.UploadAsync(user, project, csv.ToArray(), "site.csv");

        var created = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new
        {
            name = "site anomalies",
            trainerKind = IsolationForestTrainer.KindName,
            datasetIds = new[] { uploaded.Dataset.Id },
            config = new { window = new { length = 50, stride = 25, channels = new[] { "b_x", "b_y", "b_z" } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var started = await created.Content.ReadFromJsonAsync<RunResponse>();

        var run = await TrainingApiTests.WaitForAsync(user.Client, $"/api/projects/{project}/runs/{started!.Id}",
            r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);

        Assert.True(run.State == TrainingRunState.Completed, $"The run ended {run.State}: {run.FailureReason}");
        var artifacts = await user.Client.GetStringAsync($"/api/projects/{project}/runs/{run.Id}/artifacts");
        Assert.Contains("model", artifacts);
    }
}
