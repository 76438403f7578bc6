using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Mlflow;

/// <summary>
/// Tracking loses nothing: concurrent writers of params, tags and metrics through the native API and MLflow, batches
/// refused whole, runs that end after non-finite metrics, and the best value under concurrent and corrected writes.
/// </summary>
public sealed class TrackingIntegrityTests
{
    private const int Writers = 20, PerWriter = 10;

    [Theory, StorageProviders]
    public async Task Twenty_writers_through_both_apis_lose_and_duplicate_nothing(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();
        var (project, runId) = await MlflowRunAsync(user.Client);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            var batch = Enumerable.Range(0, PerWriter).Select(i => $"w{w}-{i}").ToList();
            HttpResponseMessage[] responses = w % 2 == 0
                ?
                [
                    await user.Client.PostAsync("/api/2.0/mlflow/runs/log-batch", Json(JsonSerializer.Serialize(new
                    {
                        run_id = runId,
                        @params = batch.Select(k => new { key = $"p-{k}", value = k }),
                        tags = batch.Select(k => new { key = $"t-{k}", value = k }),
                        metrics = batch.Select((k, i) => new { key = $"m-{k}", value = i, timestamp = 1, step = i }),
                    }))),
                ]
                :
                [
                    await user.Client.PatchAsJsonAsync($"/api/projects/{project}/runs/{runId}", new
                    {
                        @params = batch.ToDictionary(k => $"p-{k}", k => k),
                        tags = batch.ToDictionary(k => $"t-{k}", k => k),
                    }),
                    await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/{runId}/metrics", new
                    {
                        metrics = batch.Select((k, i) => new { key = $"m-{k}", step = i, value = i }),
                    }),
                ];
            foreach (var response in responses) Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }));

        var data = (await GetAsync(user.Client, $"/api/2.0/mlflow/runs/get?run_id={runId}")).GetProperty("run").GetProperty("data");
        Assert.Equal(Writers * PerWriter, data.GetProperty("params").GetArrayLength());
        Assert.Equal(Writers * PerWriter, data.GetProperty("tags").EnumerateArray().Count(t => t.GetProperty("key").GetString()!.StartsWith("t-")));
        Assert.Equal(Writers * PerWriter, data.GetProperty("metrics").GetArrayLength());
        var native = await GetAsync(user.Client, $"/api/projects/{project}/runs/{runId}");
        Assert.Equal(Writers * PerWriter, native.GetProperty("params").EnumerateObject().Count());
        Assert.Equal("w7-3", native.GetProperty("tags").GetProperty("t-w7-3").GetString());
        // One value per step, whichever API wrote it: nothing duplicated in the history either.
        foreach (var key in new[] { "m-w0-3", "m-w1-3" })
        {
            var history = (await GetAsync(user.Client, $"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key={key}")).GetProperty("metrics");
            Assert.Equal(3.0, Assert.Single(history.EnumerateArray()).GetProperty("value").GetDouble());
        }
    }

    [Theory, StorageProviders]
    public async Task A_log_batch_refused_for_a_changed_param_stores_none_of_its_metrics_or_tags(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();
        var (_, runId) = await MlflowRunAsync(user.Client);
        await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, key = "lr", value = "0.01" });
        await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, key = "lr", value = "0.01" });

        var refused = await user.Client.PostAsync("/api/2.0/mlflow/runs/log-batch", Json(JsonSerializer.Serialize(new
        {
            run_id = runId,
            @params = new[] { new { key = "lr", value = "0.1" } },
            tags = new[] { new { key = "note", value = "x" } },
            metrics = new[] { new { key = "loss", value = 0.5, timestamp = 1, step = 0 } },
        })));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("INVALID_PARAMETER_VALUE", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
        var data = (await GetAsync(user.Client, $"/api/2.0/mlflow/runs/get?run_id={runId}")).GetProperty("run").GetProperty("data");
        Assert.Equal(0, data.GetProperty("metrics").GetArrayLength());
        Assert.DoesNotContain(data.GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "note");
        Assert.Equal("0.01", data.GetProperty("params")[0].GetProperty("value").GetString());
    }

    [Theory, StorageProviders]
    public async Task A_run_with_non_finite_metrics_finishes_through_mlflow_and_the_native_api(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();
        var (project, runId) = await MlflowRunAsync(user.Client);
        await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/log-batch", Json("""{"run_id": "RUN", "metrics": [{"key": "loss", "value": "NaN", "timestamp": 1, "step": 0}, {"key": "grad", "value": "Infinity", "timestamp": 1, "step": 0}]}""".Replace("RUN", runId)));

        var ended = await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/update", new { run_id = runId, status = "FINISHED", end_time = 1767225900000 });
        Assert.Equal("FINISHED", ended.GetProperty("run_info").GetProperty("status").GetString());
        Assert.Equal(1767225900000, ended.GetProperty("run_info").GetProperty("end_time").GetInt64());
        var native = await GetAsync(user.Client, $"/api/projects/{project}/runs/{runId}");
        Assert.Equal("Completed", native.GetProperty("state").GetString());
        Assert.Equal("NaN", native.GetProperty("finalMetrics").GetProperty("loss").GetString());
        Assert.Equal("Infinity", native.GetProperty("latestMetrics").GetProperty("grad").GetString());

        var other = await CreateNativeRunAsync(user.Client, project);
        var patched = await user.Client.PatchAsync($"/api/projects/{project}/runs/{other}",
            Json("""{"state": "Completed", "finalMetrics": {"loss": "NaN", "gain": "-Infinity"}}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        // Ending a run twice is one report, as MLflow's end_run after a finished run is: the same answer through both APIs.
        var again = await user.Client.PatchAsync($"/api/projects/{project}/runs/{other}", Json("""{"state": "Completed"}"""));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/update", new { run_id = runId, status = "FINISHED" });
    }

    [Theory, StorageProviders]
    public async Task The_best_value_survives_concurrent_writers_and_follows_a_corrected_step(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();
        var (project, _) = await MlflowRunAsync(user.Client);
        var created = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new { external = true, name = "best", monitor = "val_loss" });
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async step =>
        {
            var response = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/{runId}/metrics",
                new { metrics = new[] { new { key = "val_loss", step, value = 10.0 - step / 10.0 } } });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }));
        var run = await GetAsync(user.Client, $"/api/projects/{project}/runs/{runId}");
        Assert.Equal(Writers - 1, run.GetProperty("bestStep").GetInt64());

        await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/{runId}/metrics",
            new { metrics = new[] { new { key = "val_loss", step = Writers - 1, value = 50.0 } } });
        run = await GetAsync(user.Client, $"/api/projects/{project}/runs/{runId}");
        Assert.Equal(Writers - 2, run.GetProperty("bestStep").GetInt64());
        Assert.Equal(10.0 - (Writers - 2) / 10.0, run.GetProperty("bestValue").GetDouble(), 9);
    }

    [Theory, StorageProviders]
    public async Task Experiment_tags_are_kept_and_returned_and_an_experiment_can_be_renamed(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();
        var experiment = (await PostOkAsync(user.Client, "/api/2.0/mlflow/experiments/create",
            new { name = "tagged", tags = new[] { new { key = "team", value = "pumps" } } })).GetProperty("experiment_id").GetString()!;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            PostOkAsync(user.Client, "/api/2.0/mlflow/experiments/set-experiment-tag", new { experiment_id = experiment, key = $"k{i}", value = $"v{i}" })));
        await PostOkAsync(user.Client, "/api/2.0/mlflow/experiments/set-experiment-tag", new { experiment_id = experiment, key = "team", value = "valves" });
        await PostOkAsync(user.Client, "/api/2.0/mlflow/experiments/delete-experiment-tag", new { experiment_id = experiment, key = "k0" });
        await PostOkAsync(user.Client, "/api/2.0/mlflow/experiments/update", new { experiment_id = experiment, new_name = "renamed" });

        var found = (await GetAsync(user.Client, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=renamed")).GetProperty("experiment");
        var tags = found.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString());
        Assert.Equal(experiment, found.GetProperty("experiment_id").GetString());
        Assert.Equal("valves", tags["team"]);
        Assert.Equal(Writers - 1, tags.Keys.Count(k => k.StartsWith('k')));
        Assert.False(tags.ContainsKey("k0"));
        var searched = (await PostOkAsync(user.Client, "/api/2.0/mlflow/experiments/search", new { filter = "name = 'renamed'" })).GetProperty("experiments")[0];
        Assert.Equal(tags.Count, searched.GetProperty("tags").GetArrayLength());
        var missing = await user.Client.PostAsync("/api/2.0/mlflow/experiments/delete-experiment-tag", Json(JsonSerializer.Serialize(new { experiment_id = experiment, key = "k0" })));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Logging_to_a_deleted_run_answers_invalid_state()
    {
        using var app = LodestoneAppFactory.For(StorageProvider.Sqlite);
        var user = await app.CreateUserAsync();
        var (_, runId) = await MlflowRunAsync(user.Client);
        await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/delete", new { run_id = runId });

        var refused = await user.Client.PostAsync("/api/2.0/mlflow/runs/log-metric",
            Json(JsonSerializer.Serialize(new { run_id = runId, key = "loss", value = 1.0, timestamp = 1, step = 0 })));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("INVALID_STATE", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
    }

    private static async Task<(Guid Project, string RunId)> MlflowRunAsync(HttpClient client)
    {
        var experiment = (await PostOkAsync(client, "/api/2.0/mlflow/experiments/create", new { name = $"integrity-{Guid.NewGuid():N}" }))
            .GetProperty("experiment_id").GetString()!;
        var run = await PostOkAsync(client, "/api/2.0/mlflow/runs/create", new { experiment_id = experiment, start_time = 1767225600000 });
        return (Guid.Parse(experiment), run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!);
    }

    private static async Task<Guid> CreateNativeRunAsync(HttpClient client, Guid project)
    {
        var created = await client.PostAsJsonAsync($"/api/projects/{project}/runs", new { external = true, name = "native" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<JsonElement> PostOkAsync(HttpClient client, string path, object body) =>
        PostOkAsync(client, path, Json(JsonSerializer.Serialize(body)));

    private static async Task<JsonElement> PostOkAsync(HttpClient client, string path, StringContent body)
    {
        var response = await client.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
