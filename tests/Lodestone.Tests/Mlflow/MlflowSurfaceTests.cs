using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Mlflow;

/// <summary>MLflow's calls answer as MLflow's server does: exact names, listings, bad input as 4xx with MLflow's error body.</summary>
public sealed class MlflowSurfaceTests : IDisposable
{
    private readonly LodestoneAppFactory _app = LodestoneAppFactory.For(StorageProvider.Sqlite);

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Like_MatchesAsSqlDoes()
    {
        Assert.True(MlflowFilter.Like("yolo-v8", "yolo%", ignoreCase: false));
        Assert.True(MlflowFilter.Like("a-b-c", "a_b%c", ignoreCase: false));
        Assert.False(MlflowFilter.Like("YOLO", "yolo", ignoreCase: false));
        Assert.True(MlflowFilter.Like("YOLO", "yo%", ignoreCase: true));
        Assert.True(MlflowFilter.Like("", "%", ignoreCase: false));
        Assert.False(MlflowFilter.Like("abc", "%d%", ignoreCase: false));
        Assert.True(MlflowFilter.Like("xaxaxaxab", "%a%a%a%a%b", ignoreCase: false));
    }

    [Fact]
    public async Task Runs_search_answers_a_backtracking_like_over_a_long_tag()
    {
        var user = await _app.CreateUserAsync();
        var (experiment, runId) = await RunAsync(user.Client);
        await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/set-tag", new { run_id = runId, key = "t", value = new string('a', 8000) });

        var found = await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/search",
            new { experiment_ids = new[] { experiment }, filter = "tags.t LIKE '%a%a%a%a%b'" });

        Assert.False(found.TryGetProperty("runs", out var runs) && runs.GetArrayLength() > 0);
    }

    [Fact]
    public async Task Bad_requests_answer_4xx_with_an_mlflow_error_body()
    {
        var user = await _app.CreateUserAsync();
        var (experiment, _) = await RunAsync(user.Client);
        var huge = Convert.ToBase64String(Encoding.UTF8.GetBytes("99999999999999999999"));
        await AssertErrorAsync(await user.Client.PostAsync("/api/2.0/mlflow/runs/search",
            Json(JsonSerializer.Serialize(new { experiment_ids = new[] { experiment }, page_token = huge }))), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertErrorAsync(await user.Client.PostAsync("/api/2.0/mlflow/runs/log-batch",
            new ByteArrayContent(new byte[40 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } }),
            HttpStatusCode.RequestEntityTooLarge, "REQUEST_LIMIT_EXCEEDED");
        await AssertErrorAsync(await user.Client.PostAsync("/api/2.0/mlflow/runs/no-such-call", Json("{}")), HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        await AssertErrorAsync(await user.Client.GetAsync("/api/2.0/mlflow/experiments/nothing"), HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Experiment_names_are_exact_and_experiments_order_as_asked()
    {
        var user = await _app.CreateUserAsync();
        await PostOkAsync(user.Client, "/api/2.0/mlflow/experiments/create", new { name = " CaseTest " });
        await PostOkAsync(user.Client, "/api/2.0/mlflow/experiments/create", new { name = "alpha" });

        await AssertErrorAsync(await user.Client.GetAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=casetest"),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var found = await GetOkAsync(user.Client, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=%20CaseTest%20");
        Assert.Equal("CaseTest", found.GetProperty("experiment").GetProperty("name").GetString());

        var names = (await PostOkAsync(user.Client, "/api/2.0/mlflow/experiments/search", new { order_by = new[] { "name DESC" } }))
            .GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Equal(["alpha", "CaseTest"], names);
    }

    [Fact]
    public async Task Listing_a_sub_folder_gives_names_the_client_joins_to_the_folder()
    {
        var user = await _app.CreateUserAsync();
        var (_, runId) = await RunAsync(user.Client);
        var uri = (await GetOkAsync(user.Client, $"/api/2.0/mlflow/runs/get?run_id={runId}")).GetProperty("run").GetProperty("info")
            .GetProperty("artifact_uri").GetString()!["mlflow-artifacts:/".Length..];
        var upload = await user.Client.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{uri}/weights/best.pt", new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        var root = (await GetOkAsync(user.Client, $"/api/2.0/mlflow-artifacts/artifacts?path={uri}")).GetProperty("files")[0];
        var folder = (await GetOkAsync(user.Client, $"/api/2.0/mlflow-artifacts/artifacts?path={uri}/weights")).GetProperty("files")[0];

        Assert.Equal("weights", root.GetProperty("path").GetString());
        Assert.True(root.GetProperty("is_dir").GetBoolean());
        Assert.Equal("best.pt", folder.GetProperty("path").GetString());
        var download = await user.Client.GetAsync($"/api/2.0/mlflow-artifacts/artifacts/{uri}/weights/{folder.GetProperty("path").GetString()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public async Task The_latest_value_follows_mlflows_rule_and_agrees_with_the_history()
    {
        var user = await _app.CreateUserAsync();
        var (_, runId) = await RunAsync(user.Client);
        async Task LogAsync(double value, long timestamp) =>
            await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/log-metric", new { run_id = runId, key = "loss", value, timestamp, step = 5 });
        async Task<(double Latest, double History)> ReadAsync()
        {
            var latest = (await GetOkAsync(user.Client, $"/api/2.0/mlflow/runs/get?run_id={runId}")).GetProperty("run").GetProperty("data").GetProperty("metrics")[0];
            var history = (await GetOkAsync(user.Client, $"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=loss")).GetProperty("metrics");
            Assert.Equal(1, history.GetArrayLength());
            return (latest.GetProperty("value").GetDouble(), history[0].GetProperty("value").GetDouble());
        }

        await LogAsync(1, 100);
        await LogAsync(2, 90);
        Assert.Equal((1.0, 1.0), await ReadAsync());
        await LogAsync(0.5, 100);
        Assert.Equal((1.0, 1.0), await ReadAsync());
        await LogAsync(3, 100);
        Assert.Equal((3.0, 3.0), await ReadAsync());
        await LogAsync(0.1, 110);
        Assert.Equal((0.1, 0.1), await ReadAsync());
    }

    [Fact]
    public async Task Bulk_interval_history_downsamples_each_run_keeping_its_first_and_last_step()
    {
        var user = await _app.CreateUserAsync();
        var (experiment, first) = await RunAsync(user.Client);
        var second = (await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/create", new { experiment_id = experiment }))
            .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        foreach (var run in new[] { first, second })
            await PostOkAsync(user.Client, "/api/2.0/mlflow/runs/log-batch", new
            {
                run_id = run,
                metrics = Enumerable.Range(0, 1000).Select(step => new { key = "loss", value = 1.0 / (step + 1), timestamp = 1, step }),
            });

        var sampled = (await GetOkAsync(user.Client,
            $"/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids={first}&run_ids={second}&metric_key=loss&max_results=10")).GetProperty("metrics");
        var window = (await GetOkAsync(user.Client,
            $"/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids={first}&metric_key=loss&start_step=100&end_step=199")).GetProperty("metrics");

        var firstSteps = sampled.EnumerateArray().Where(m => m.GetProperty("run_id").GetString() == first).Select(m => m.GetProperty("step").GetInt64()).ToList();
        Assert.Equal(20, sampled.GetArrayLength());
        Assert.Equal(10, firstSteps.Count);
        Assert.Equal(0, firstSteps[0]);
        Assert.Equal(999, firstSteps[^1]);
        Assert.Equal(100, window.GetArrayLength());
        Assert.Equal(100, window[0].GetProperty("step").GetInt64());
        await AssertErrorAsync(await user.Client.GetAsync($"/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids={first}&metric_key=loss&max_results=5000"),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Progress_out_of_range_is_refused()
    {
        var user = await _app.CreateUserAsync();
        var (experiment, runId) = await RunAsync(user.Client);
        var patched = await user.Client.PatchAsJsonAsync($"/api/projects/{Guid.Parse(experiment)}/runs/{runId}",
            new { progressCompleted = 5, progressTotal = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, patched.StatusCode);
        patched = await user.Client.PatchAsJsonAsync($"/api/projects/{Guid.Parse(experiment)}/runs/{runId}", new { progressCompleted = 1, progressTotal = -2 });
        Assert.Equal(HttpStatusCode.BadRequest, patched.StatusCode);
    }

    private static async Task<(string Experiment, string RunId)> RunAsync(HttpClient client)
    {
        var experiment = (await PostOkAsync(client, "/api/2.0/mlflow/experiments/create", new { name = $"surface-{Guid.NewGuid():N}" }))
            .GetProperty("experiment_id").GetString()!;
        var run = await PostOkAsync(client, "/api/2.0/mlflow/runs/create", new { experiment_id = experiment });
        return (experiment, run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("error_code").GetString());
    }

    private static async Task<JsonElement> PostOkAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsync(path, Json(JsonSerializer.Serialize(body)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetOkAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
