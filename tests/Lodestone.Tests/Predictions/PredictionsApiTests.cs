using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Infrastructure;
using Lodestone.Models;
using Lodestone.Samples;
using Lodestone.Trainers.Anomaly;
using Lodestone.Training;

namespace Lodestone.Predictions;

/// <summary>
/// Batch predictions through the API on a real server (sample store, job engine): a detector trained on an uploaded
/// recording scores its training data by itself, predicts over a dataset on request, and its windows read back for a
/// chart; only members see any of it, and a request naming what is not there is a 400 that says so.
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class PredictionsApiTests : IClassFixture<PredictionsApiTests.App>
{
    public sealed class App : LodestoneAppFactory
    {
        public App() => Settings["Lodestone:Jobs:FlushInterval"] = "00:00:00.2";
    }

    private static readonly JsonSerializerOptions Json = ModelVersionsApiTests.Json;
    private readonly App _app;

    public PredictionsApiTests(App app) => _app = app;

    private sealed record Trained(TestUser Owner, Guid Project, Guid Dataset, RunResponse Run);

    private async Task<Trained> TrainDetectorAsync()
    {
        var owner = await _app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        using var csv = new MemoryStream();
        MagnetometerRecording.Plan(SampleRecordings.Small).WriteCsv(csv);
        var uploaded = await LodestoneAppFactory.UploadAsync(owner, project, csv.ToArray(), "site.csv");
        var created = await owner.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new
        {
            name = "site anomalies", trainerKind = PcaDetectorTrainer.KindName, datasetIds = new[] { uploaded.Dataset.Id },
            config = new { window = new { length = 50, stride = 25, channels = new[] { "b_x", "b_y", "b_z" } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var run = await TrainingApiTests.WaitForAsync(owner.Client, $"/api/projects/{project}/runs/{(await created.Content.ReadFromJsonAsync<RunResponse>(Json))!.Id}",
            r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);
        Assert.True(run.State == TrainingRunState.Completed, $"The run ended {run.State}: {run.FailureReason}");
        return new Trained(owner, project, uploaded.Dataset.Id, run);
    }

    private static async Task<PredictionBatchResponse> WaitForBatchAsync(HttpClient client, string url)
    {
        for (var i = 0; i < 600; i++)
        {
            var batch = (await client.GetFromJsonAsync<PredictionBatchResponse>(url, Json))!;
            if (batch.State is PredictionBatchState.Completed or PredictionBatchState.Failed or PredictionBatchState.Cancelled) return batch;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} did not finish.");
    }

    [Fact]
    public async Task A_detector_scores_its_training_data_when_its_run_completes_and_predicts_over_a_dataset_on_request()
    {
        var (owner, project, dataset, run) = await TrainDetectorAsync();
        var url = $"/api/projects/{project}/predictions";

        // Its run started a batch over the training dataset by itself.
        var automatic = Assert.Single((await owner.Client.GetFromJsonAsync<List<PredictionBatchResponse>>($"{url}?modelVersionId={run.ModelVersion!.Id}", Json))!);
        Assert.Equal((run.Id, dataset), (automatic.SourceRunId, automatic.DatasetId));
        var scored = await WaitForBatchAsync(owner.Client, $"{url}/{automatic.Id}");
        Assert.True(scored.State == PredictionBatchState.Completed, scored.Error);

        var response = await owner.Client.PostAsJsonAsync(url, new { modelName = run.ModelVersion.ModelName, version = run.ModelVersion.Number, datasetId = dataset });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = (await response.Content.ReadFromJsonAsync<PredictionBatchResponse>(Json))!;
        Assert.Equal($"{url}/{queued.Id}", response.Headers.Location!.ToString());
        var done = await WaitForBatchAsync(owner.Client, $"{url}/{queued.Id}");

        // 5,900 rows (two minutes at 50 Hz less a 2 s gap) in windows of 50 every 25: 235 windows, each scored, some flagged.
        Assert.True(done.State == PredictionBatchState.Completed, done.Error);
        Assert.Equal((235L, 235, 235), (done.WindowCount, done.ProgressCompleted, done.ProgressTotal));
        Assert.NotNull(done.Threshold);
        Assert.InRange(done.FlaggedCount!.Value, 1, 234);
        Assert.Equal((scored.WindowCount, scored.ScoreMax, scored.FlaggedCount), (done.WindowCount, done.ScoreMax, done.FlaggedCount));
        var zoomedOut = (await owner.Client.GetFromJsonAsync<PredictionWindowsResponse>($"{url}/{done.Id}/windows?buckets=20", Json))!;
        Assert.Equal((PredictionWindowsResponse.ScoresKind, false, done.Threshold), (zoomedOut.Kind, zoomedOut.Raw, zoomedOut.Threshold));
        Assert.InRange(zoomedOut.Scores.Count, 19, 20);
        Assert.Equal(done.ScoreMax, zoomedOut.Scores.Max(p => p.Score));
        Assert.Equal(235, zoomedOut.Scores.Sum(p => p.Windows));
        var first = zoomedOut.Scores[0].Start;
        var zoomedIn = (await owner.Client.GetFromJsonAsync<PredictionWindowsResponse>(
            $"{url}/{done.Id}/windows?from={first:O}&to={first.AddSeconds(5):O}&buckets=1000", Json))!;
        Assert.True(zoomedIn.Raw);
        Assert.Equal(10, zoomedIn.Scores.Count); // windows starting every 0.5 s in the first 5 s
        Assert.Single((await owner.Client.GetFromJsonAsync<List<PredictionBatchResponse>>($"{url}?datasetId={dataset}&completed=true", Json))!,
            b => b.Id == done.Id);

        // An ended batch is deleted with its results.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"{url}/{done.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"{url}/{done.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"{url}/{done.Id}/windows")).StatusCode);
    }

    [Fact]
    public async Task A_non_member_finds_no_batch_and_a_request_naming_what_is_not_there_is_a_400_that_says_what()
    {
        var (owner, project, dataset, run) = await TrainDetectorAsync();
        var url = $"/api/projects/{project}/predictions";
        var batch = (await owner.Client.GetFromJsonAsync<List<PredictionBatchResponse>>(url, Json))![0];
        var stranger = await _app.CreateUserAsync();
        var viewer = await _app.CreateUserAsync();
        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{viewer.UserName}", new { role = "Viewer" });
        var name = run.ModelVersion!.ModelName;

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"{url}/{batch.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"{url}/{batch.Id}/windows")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsJsonAsync(url, new { modelName = name, version = 1, datasetId = dataset })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"{url}/{batch.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.Client.GetAsync($"{url}/{batch.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PostAsJsonAsync(url, new { modelName = name, version = 1, datasetId = dataset })).StatusCode);

        async Task BadRequest(object body, string says)
        {
            var response = await owner.Client.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(says, await response.Content.ReadAsStringAsync());
        }
        await BadRequest(new { modelName = name, version = 9, datasetId = dataset }, $"version: {name} has no version 9.");
        await BadRequest(new { modelName = name, alias = "production", datasetId = dataset }, $"alias: {name} has no alias 'production'.");
        await BadRequest(new { modelName = name, datasetId = dataset }, "version: give a version number");
        await BadRequest(new { modelName = "nothing", version = 1, datasetId = dataset }, "modelName: the project has no model 'nothing'.");
        var elsewhere = Guid.NewGuid();
        await BadRequest(new { modelName = name, version = 1, datasetId = elsewhere }, $"datasetId: the project has no dataset {elsewhere}.");
        await BadRequest(new { modelName = name, version = 1 }, "datasetId: give the dataset");
        var windows = await owner.Client.GetAsync($"{url}/{batch.Id}/windows?buckets=0");
        Assert.Equal(HttpStatusCode.BadRequest, windows.StatusCode);
        Assert.Contains("buckets: must be between 1 and 10000", await windows.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"{url}/{Guid.NewGuid()}")).StatusCode);
    }
}
