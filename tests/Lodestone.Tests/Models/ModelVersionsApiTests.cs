using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lodestone.Infrastructure;
using Lodestone.Trainers.Classification;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Models;

/// <summary>Versions through the API, on data uploaded to the sample store: register, continue, refit on both datasets, refuse bad parents.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class ModelVersionsApiTests
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    [Fact]
    public async Task A_lightgbm_run_continuing_from_version_1_refits_on_both_datasets_windows_and_becomes_version_2()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var first = (await LodestoneAppFactory.UploadAsync(user, project, Recording(600, seed: 1), "first.csv")).Dataset.Id;
        var second = (await LodestoneAppFactory.UploadAsync(user, project, Recording(400, seed: 2), "second.csv")).Dataset.Id;
        var window = new { length = 20, stride = 20, labelChannel = "fault" };

        var run1 = await TrainAsync(user.Client, project, new { trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { first }, config = new { iterations = 20, window } });
        var v1 = await Read<ModelVersionResponse>(await user.Client.GetAsync($"/api/projects/{project}/models/versions/{run1.ModelVersion!.Id}"));
        // The run draws LightGBM's learning curve: every metric at every boosting round, the held-out test figures at the last.
        var history = await Read<Dictionary<string, List<MetricPoint>>>(await user.Client.GetAsync($"/api/projects/{project}/runs/{run1.Id}/metrics"));
        var rounds = history["loss"].Select(p => p.Step).ToList();
        Assert.Equal(Enumerable.Range(1, rounds.Count).Select(r => (long)r), rounds);
        Assert.All(new[] { "accuracy", "val_loss", "val_accuracy" }, key => Assert.Equal(rounds, history[key].Select(p => p.Step)));
        Assert.True(history["loss"][^1].Value < history["loss"][0].Value, "the training loss does not fall");
        Assert.Equal([rounds[^1]], history["test_accuracy"].Select(p => p.Step));
        // No window settings this time: the parent's apply.
        var run2 = await TrainAsync(user.Client, project, new
        {
            trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { second }, parentModelVersionId = v1.Id, config = new { iterations = 20 },
        });
        var v2 = await Read<ModelVersionResponse>(await user.Client.GetAsync($"/api/projects/{project}/models/versions/{run2.ModelVersion!.Id}"));

        Assert.Equal((LightGbmTrainer.KindName, 1, 2), (v1.ModelName, v1.Number, v2.Number));
        Assert.Equal(v1.Id, run2.ParentModelVersion!.Id);
        Assert.Equal(v1.Id, v2.Parent!.Id);
        Assert.Equal([v1.Id], v2.Lineage!.Select(v => v.Id));
        Assert.Equal([(first, 30)], v1.Datasets.Select(d => (d.DatasetId, d.Windows)));
        // 600 and 400 samples in windows of 20: the refit read 30 + 20 windows.
        Assert.Equal([(first, 30, (Guid?)v1.Id), (second, 20, null)], v2.Datasets.Select(d => (d.DatasetId, d.Windows, d.InheritedFromVersionId)));
        Assert.Equal((20, 20, "fault"), (v2.Window.Length, v2.Window.Stride, v2.Window.LabelChannel));
        Assert.Equal(["b_x", "b_y", "b_z"], v2.Window.Channels);
        Assert.Equal(["Anomaly", "Normal"], v2.Labels);
        Assert.True(v2.Metrics["test_accuracy"] > 0.8, $"test accuracy {v2.Metrics["test_accuracy"]}");
        var logs = await user.Client.GetStringAsync($"/api/projects/{project}/runs/{run2.Id}/logs");
        Assert.Contains($"{LightGbmTrainer.KindName} on {v2.Datasets.Sum(d => d.TrainWindows)} windows", logs);
        var listed = await Read<List<ModelVersionResponse>>(await user.Client.GetAsync($"/api/projects/{project}/models/versions?name={LightGbmTrainer.KindName}"));
        Assert.Equal([2, 1], listed.Select(v => v.Number));
        var byNumber = await Read<ModelVersionResponse>(await user.Client.GetAsync($"/api/projects/{project}/models/{LightGbmTrainer.KindName}/versions/2"));
        Assert.Equal(v2.Id, byNumber.Id);
    }

    [Fact]
    public async Task A_run_naming_a_parent_of_another_project_or_kind_is_refused_with_a_clear_400()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var other = await LodestoneAppFactory.CreateProjectAsync(user, "Other");
        var dataset = (await LodestoneAppFactory.UploadAsync(user, project, Recording(600, seed: 3), "site.csv")).Dataset.Id;
        var otherDataset = (await LodestoneAppFactory.UploadAsync(user, other, Recording(600, seed: 4), "other.csv")).Dataset.Id;
        var config = new { iterations = 10, window = new { length = 20, stride = 20, labelChannel = "fault" } };
        var run = await TrainAsync(user.Client, project, new { trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { dataset }, config });
        var v1 = run.ModelVersion!.Id;

        var fromOtherProject = await user.Client.PostAsJsonAsync($"/api/projects/{other}/runs",
            new { trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { otherDataset }, parentModelVersionId = v1, config });
        var ofOtherKind = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs",
            new { trainerKind = "isolation-forest", datasetIds = new[] { dataset }, parentModelVersionId = v1 });

        Assert.Equal(HttpStatusCode.BadRequest, fromOtherProject.StatusCode);
        Assert.Contains($"no model version {v1} in this project", await fromOtherProject.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, ofOtherKind.StatusCode);
        Assert.Contains("is a lightgbm model; a isolation-forest run cannot continue from it", await ofOtherKind.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_run_continuing_from_a_version_whose_dataset_was_deleted_is_refused_with_a_400_naming_the_dataset()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var first = (await LodestoneAppFactory.UploadAsync(user, project, Recording(600, seed: 6), "first.csv")).Dataset;
        var second = (await LodestoneAppFactory.UploadAsync(user, project, Recording(400, seed: 7), "second.csv")).Dataset.Id;
        var config = new { iterations = 10, window = new { length = 20, stride = 20, labelChannel = "fault" } };
        var v1 = (await TrainAsync(user.Client, project, new { trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { first.Id }, config })).ModelVersion!;
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/projects/{project}/datasets/{first.Id}")).StatusCode);

        var response = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs",
            new { trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { second }, parentModelVersionId = v1.Id, config });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = await response.Content.ReadAsStringAsync();
        Assert.Contains($"{LightGbmTrainer.KindName} v1 was trained on dataset '{first.Name}' ({first.Id}), which was deleted", message);
        Assert.Contains("Start the run without a parent version", message);
        var runs = await Read<List<RunResponse>>(await user.Client.GetAsync($"/api/projects/{project}/runs"));
        Assert.Single(runs);
    }

    [Fact]
    public async Task A_queued_run_whose_parent_lost_a_dataset_before_it_executes_fails_naming_the_dataset()
    {
        // A server that trains nothing itself keeps the run waiting, as a busy cluster's workers would; the test trains.
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2", ["Lodestone:Jobs:RunInProcess"] = "false" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var first = (await LodestoneAppFactory.UploadAsync(user, project, Recording(600, seed: 8), "first.csv")).Dataset;
        var second = (await LodestoneAppFactory.UploadAsync(user, project, Recording(400, seed: 9), "second.csv")).Dataset.Id;
        var config = new { iterations = 10, window = new { length = 20, stride = 20, labelChannel = "fault" } };
        var trained = await Read<RunResponse>(await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs",
            new { trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { first.Id }, config }));
        await app.Services.GetRequiredService<RunExecutor>().ExecuteAsync(trained.Id, CancellationToken.None);
        var v1 = (await Read<RunResponse>(await user.Client.GetAsync($"/api/projects/{project}/runs/{trained.Id}"))).ModelVersion!;
        var queued = await Read<RunResponse>(await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs",
            new { trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { second }, parentModelVersionId = v1.Id, config }));
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/projects/{project}/datasets/{first.Id}")).StatusCode);

        // What a worker serving that queue does with the run.
        await app.Services.GetRequiredService<RunExecutor>().ExecuteAsync(queued.Id, CancellationToken.None);

        var run = await Read<RunResponse>(await user.Client.GetAsync($"/api/projects/{project}/runs/{queued.Id}"));
        Assert.Equal(TrainingRunState.Failed, run.State);
        Assert.Contains($"{LightGbmTrainer.KindName} v1 was trained on dataset '{first.Name}' ({first.Id}), which was deleted", run.FailureReason);
        Assert.Contains("Start the run without a parent version", run.FailureReason);
    }

    [Fact]
    public async Task A_run_whose_config_names_a_model_folder_is_refused_since_a_path_could_reach_another_projects_files()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var dataset = (await LodestoneAppFactory.UploadAsync(user, project, Recording(600, seed: 5), "site.csv")).Dataset.Id;

        var response = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs",
            new { trainerKind = "cnn", datasetIds = new[] { dataset }, config = new { StartFrom = "/tmp" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("parentModelVersionId", await response.Content.ReadAsStringAsync());
    }

    internal static async Task<RunResponse> TrainAsync(HttpClient client, Guid project, object request)
    {
        var created = await Read<RunResponse>(await client.PostAsJsonAsync($"/api/projects/{project}/runs", request, Json));
        var run = await TrainingApiTests.WaitForAsync(client, $"/api/projects/{project}/runs/{created.Id}",
            r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);
        Assert.True(run.State == TrainingRunState.Completed, $"The run ended {run.State}: {run.FailureReason}");
        Assert.NotNull(run.ModelVersion);
        return run;
    }

    internal static async Task<T> Read<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>
    /// A magnetometer at 10 Hz whose field jumps during faults (every third block of 30 samples), with a <c>fault</c>
    /// column (1 during a fault) that labels the windows.
    /// </summary>
    private static byte[] Recording(int samples, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("timestamp,b_x,b_y,b_z,fault\n");
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(seed);
        for (var i = 0; i < samples; i++)
        {
            var fault = i / 30 % 3 == 2;
            var shift = fault ? 3.0 : 0.0;
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddMilliseconds(100 * i):yyyy-MM-ddTHH:mm:ss.fffZ},{20 + shift + random.NextDouble():F3},{-5 + random.NextDouble():F3},{40 - shift + random.NextDouble():F3},{(fault ? 1 : 0)}\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
