using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lodestone.Training;

namespace Lodestone.Training;

// App hosts that train runs take turns: they share two cores, and Hangfire keeps some process-wide state (its global configuration and log provider).
[Collection(AppHostsCollection.Name)]
public class TrainingApiTests : IClassFixture<TrainingAppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly TrainingAppFactory _app;

    public TrainingApiTests(TrainingAppFactory app) => _app = app;

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    [Fact]
    public async Task An_external_run_reports_epochs_and_its_end_and_shows_in_the_leaderboard()
    {
        var (client, _, _) = await _app.CreateUserAsync("external-user");
        var project = await TrainingAppFactory.CreateProjectAsync(client);
        var runs = $"/api/projects/{project}/runs";

        var created = await Read<RunResponse>(await client.PostAsJsonAsync(runs, new
        {
            name = "yolo-ish", trainerKind = "pytorch", external = true, config = new { lr = 0.01, epochs = 3 },
            hardware = new { cpuModel = "Xeon", cores = 8, memoryMb = 32000, gpu = "RTX 4090" }, monitor = "val_loss",
        }, Json));
        Assert.Equal(TrainingRunState.Running, created.State);
        Assert.Equal("RTX 4090", created.Hardware.Gpu);

        for (var epoch = 0; epoch < 3; epoch++)
        {
            var response = await client.PostAsJsonAsync($"{runs}/{created.Id}/metrics", new
            {
                metrics = new object[] { new { key = "val_loss", step = epoch, value = 1.0 / (epoch + 1) }, new { key = "mAP50", step = epoch, value = 0.3 * (epoch + 1) } },
            });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        // A retried request for epoch 2 replaces the value instead of adding a point.
        await client.PostAsJsonAsync($"{runs}/{created.Id}/metrics", new { metrics = new[] { new { key = "mAP50", step = 2, value = 0.91 } } });

        var ended = await Read<RunResponse>(await client.PatchAsJsonAsync($"{runs}/{created.Id}",
            new { state = "Completed", finalMetrics = new Dictionary<string, double> { ["mAP50"] = 0.91 } }, Json));
        Assert.Equal(TrainingRunState.Completed, ended.State);
        Assert.Equal(2, ended.BestStep);
        Assert.Equal(0.91, ended.LatestMetrics["mAP50"]);

        var history = await Read<Dictionary<string, List<MetricPoint>>>(await client.GetAsync($"{runs}/{created.Id}/metrics?key=mAP50"));
        Assert.Equal([0.3, 0.6, 0.91], history["mAP50"].Select(p => Math.Round(p.Value, 2)));

        var other = await Read<RunResponse>(await client.PostAsJsonAsync(runs, new { name = "baseline", external = true }, Json));
        await client.PostAsJsonAsync($"{runs}/{other.Id}/metrics", new { metrics = new[] { new { key = "mAP50", step = 0, value = 0.5 } } });
        var board = await Read<List<LeaderboardEntry>>(await client.GetAsync($"{runs}/leaderboard?metric=mAP50&goal=Maximize"));
        Assert.Equal([created.Id, other.Id], board.Select(e => e.Run.Id));
        Assert.Equal(1, board[0].Rank);

        var comparison = await Read<RunComparison>(await client.GetAsync($"{runs}/compare?ids={created.Id}&ids={other.Id}"));
        Assert.Contains("val_loss", comparison.MetricKeys);

        var active = await Read<List<RunResponse>>(await client.GetAsync($"{runs}/active"));
        Assert.Equal([other.Id], active.Select(r => r.Id));
    }

    [Fact]
    public async Task A_run_started_through_the_api_is_trained_by_the_job_engine()
    {
        var (client, _, _) = await _app.CreateUserAsync("internal-user");
        var project = await TrainingAppFactory.CreateProjectAsync(client);
        var runs = $"/api/projects/{project}/runs";
        var created = await Read<RunResponse>(await client.PostAsJsonAsync(runs, new
        {
            name = "logreg", trainerKind = LogisticRegressionTrainer.KindName, config = new { epochs = 6 }, datasetIds = new[] { await _app.CreateDatasetRowAsync(project) },
            monitor = "accuracy", monitorGoal = "Maximize",
        }, Json));

        var run = await WaitForAsync(client, $"{runs}/{created.Id}", r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);
        Assert.True(run.State == TrainingRunState.Completed, run.FailureReason);
        Assert.Equal(6, run.Progress.Completed);
        Assert.True(run.FinalMetrics["accuracy"] > 0.9);
        var logs = await Read<List<RunLogEntry>>(await client.GetAsync($"{runs}/{created.Id}/logs"));
        Assert.Contains(logs, l => l.Message.Contains("starting at epoch 0"));
        var files = await Read<List<RunArtifact>>(await client.GetAsync($"{runs}/{created.Id}/artifacts?path=model"));
        Assert.Contains(files, f => f.Path == "model/weights.txt");
    }

    [Fact]
    public async Task Cancelling_a_running_run_stops_it()
    {
        var (client, _, _) = await _app.CreateUserAsync("cancel-user");
        var project = await TrainingAppFactory.CreateProjectAsync(client);
        var runs = $"/api/projects/{project}/runs";
        var created = await Read<RunResponse>(await client.PostAsJsonAsync(runs, new
        {
            trainerKind = LogisticRegressionTrainer.KindName, config = new { epochs = 1_000_000 }, datasetIds = new[] { await _app.CreateDatasetRowAsync(project) },
        }, Json));
        await WaitForAsync(client, $"{runs}/{created.Id}", r => r.Progress.Completed > 0);

        var response = await client.PostAsync($"{runs}/{created.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var run = await WaitForAsync(client, $"{runs}/{created.Id}", r => r.State != TrainingRunState.Running);
        Assert.Equal(TrainingRunState.Cancelled, run.State);
        Assert.True(run.Progress.Completed < 1_000_000);
    }

    [Fact]
    public async Task A_non_member_gets_404_for_a_projects_runs()
    {
        var (owner, _, _) = await _app.CreateUserAsync("owner-user");
        var (stranger, _, _) = await _app.CreateUserAsync("stranger-user");
        var project = await TrainingAppFactory.CreateProjectAsync(owner);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/projects/{project}/runs")).StatusCode);
    }

    [Fact]
    // One mapping of reported states for both APIs: as MLflow's runs/update does, a report of another end reopens the
    // ended run and moves it; a report of the state it is in changes nothing.
    public async Task Completing_a_cancelled_external_run_reopens_and_completes_it_as_mlflow_does()
    {
        var (client, _, _) = await _app.CreateUserAsync("transition-user");
        var project = await TrainingAppFactory.CreateProjectAsync(client);
        var runs = $"/api/projects/{project}/runs";
        var created = await Read<RunResponse>(await client.PostAsJsonAsync(runs, new { external = true }, Json));
        await client.PatchAsJsonAsync($"{runs}/{created.Id}", new { state = "Cancelled" }, Json);
        var response = await client.PatchAsJsonAsync($"{runs}/{created.Id}", new { state = "Completed" }, Json);
        Assert.Equal(TrainingRunState.Completed, (await Read<RunResponse>(response)).State);
        var again = await client.PatchAsJsonAsync($"{runs}/{created.Id}", new { state = "Completed" }, Json);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var queued = await client.PatchAsJsonAsync($"{runs}/{created.Id}", new { state = "Queued" }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, queued.StatusCode);
    }

    /// <summary>Polls the run until the condition holds; gives up after a minute so that a broken engine fails the test rather than hanging it.</summary>
    internal static async Task<RunResponse> WaitForAsync(HttpClient client, string url, Func<RunResponse, bool> condition)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var run = await Read<RunResponse>(await client.GetAsync(url));
            if (condition(run)) return run;
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"Run is {run.State} ({run.Progress.Completed}/{run.Progress.Total}) after a minute.");
            await Task.Delay(50);
        }
    }
}
