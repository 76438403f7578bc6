using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Training;

namespace Lodestone.Mlflow;

/// <summary>
/// The request sequence of MLflow's Python client (mlflow 2.x) for
/// <c>set_experiment → start_run → log_params → log_metrics per epoch → log_artifact → end_run</c>, with its bodies as
/// the client sends them (protobuf JSON: 64-bit numbers as strings), authenticated with Basic and the API key as password.
/// </summary>
// App hosts that train runs take turns: they share two cores, and Hangfire keeps some process-wide state (its global configuration and log provider).
[Collection(AppHostsCollection.Name)]
public class MlflowContractTests : IClassFixture<TrainingAppFactory>
{
    private readonly TrainingAppFactory _app;

    public MlflowContractTests(TrainingAppFactory app) => _app = app;

    private async Task<HttpClient> BasicClientAsync(string user)
    {
        var (client, key, _) = await _app.CreateUserAsync(user);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{key}")));
        return client;
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_python_clients_training_loop_is_recorded_as_a_run()
    {
        var client = await BasicClientAsync("python-user");

        // set_experiment("magnetometer-lstm"): look it up, create it when missing, then read it.
        var missing = await client.GetAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=magnetometer-lstm");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
        var experimentId = (await Ok(await client.PostAsync("/api/2.0/mlflow/experiments/create", Json("""{"name": "magnetometer-lstm"}"""))))
            .GetProperty("experiment_id").GetString();
        var experiment = (await Ok(await client.GetAsync($"/api/2.0/mlflow/experiments/get?experiment_id={experimentId}"))).GetProperty("experiment");
        Assert.Equal("magnetometer-lstm", experiment.GetProperty("name").GetString());
        Assert.Equal("active", experiment.GetProperty("lifecycle_stage").GetString());

        // start_run(run_name="lstm-64")
        var run = (await Ok(await client.PostAsync("/api/2.0/mlflow/runs/create", Json($$"""
            {"experiment_id": "{{experimentId}}", "start_time": "1767225600000", "run_name": "lstm-64",
             "tags": [{"key": "mlflow.user", "value": "python-user"}, {"key": "mlflow.source.name", "value": "train.py"},
                      {"key": "mlflow.source.type", "value": "LOCAL"}, {"key": "mlflow.runName", "value": "lstm-64"}]}
            """)))).GetProperty("run");
        var runId = run.GetProperty("info").GetProperty("run_id").GetString()!;
        var artifactUri = run.GetProperty("info").GetProperty("artifact_uri").GetString()!;
        Assert.Equal("RUNNING", run.GetProperty("info").GetProperty("status").GetString());
        Assert.StartsWith("mlflow-artifacts:/", artifactUri);

        // log_params({...}) is one log-batch with params only.
        await Ok(await client.PostAsync("/api/2.0/mlflow/runs/log-batch", Json($$"""
            {"run_id": "{{runId}}", "params": [{"key": "hidden", "value": "64"}, {"key": "lr", "value": "0.001"}]}
            """)));
        // log_metrics({...}, step=epoch) per epoch.
        for (var epoch = 0; epoch < 5; epoch++)
            await Ok(await client.PostAsync("/api/2.0/mlflow/runs/log-batch", Json($$"""
                {"run_id": "{{runId}}", "metrics": [
                  {"key": "loss", "value": {{(1.0 / (epoch + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "timestamp": "{{1767225600000 + epoch * 1000}}", "step": "{{epoch}}"},
                  {"key": "val_accuracy", "value": {{(0.5 + epoch * 0.1).ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "timestamp": "{{1767225600000 + epoch * 1000}}", "step": "{{epoch}}"}]}
                """)));

        // log_artifact("model.txt") goes to the artifact proxy under the run's artifact URI.
        var artifactPath = artifactUri["mlflow-artifacts:/".Length..];
        var upload = await client.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{artifactPath}/model.txt", new ByteArrayContent("weights"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        // end_run()
        var info = (await Ok(await client.PostAsync("/api/2.0/mlflow/runs/update", Json($$"""
            {"run_id": "{{runId}}", "run_uuid": "{{runId}}", "status": "FINISHED", "end_time": "1767225700000"}
            """)))).GetProperty("run_info");
        Assert.Equal("FINISHED", info.GetProperty("status").GetString());

        // What the client then sees.
        var stored = (await Ok(await client.GetAsync($"/api/2.0/mlflow/runs/get?run_id={runId}"))).GetProperty("run");
        Assert.Equal("lstm-64", stored.GetProperty("info").GetProperty("run_name").GetString());
        var latest = stored.GetProperty("data").GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!);
        Assert.Equal(4, latest["loss"].GetProperty("step").GetInt64());
        Assert.Equal(0.2, latest["loss"].GetProperty("value").GetDouble(), 6);
        Assert.Contains(stored.GetProperty("data").GetProperty("params").EnumerateArray(), p => p.GetProperty("key").GetString() == "lr" && p.GetProperty("value").GetString() == "0.001");

        var history = (await Ok(await client.GetAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=val_accuracy"))).GetProperty("metrics");
        Assert.Equal([0L, 1, 2, 3, 4], history.EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));

        var listing = await Ok(await client.GetAsync($"/api/2.0/mlflow-artifacts/artifacts?path={artifactPath}"));
        Assert.Contains(listing.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "model.txt");
        Assert.Equal("weights", await client.GetStringAsync($"/api/2.0/mlflow-artifacts/artifacts/{artifactPath}/model.txt"));
    }

    [Fact]
    public async Task Search_filters_and_orders_runs_by_metrics_params_and_attributes()
    {
        var client = await BasicClientAsync("search-user");
        var experimentId = (await Ok(await client.PostAsync("/api/2.0/mlflow/experiments/create", Json("""{"name": "search-exp"}"""))))
            .GetProperty("experiment_id").GetString();
        var ids = new List<string>();
        foreach (var (name, accuracy, lr) in new[] { ("a", 0.7, "0.1"), ("b", 0.9, "0.01"), ("c", 0.8, "0.01") })
        {
            var id = (await Ok(await client.PostAsync("/api/2.0/mlflow/runs/create", Json($$"""{"experiment_id": "{{experimentId}}", "run_name": "{{name}}"}"""))))
                .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
            await Ok(await client.PostAsync("/api/2.0/mlflow/runs/log-metric", Json($$"""{"run_id": "{{id}}", "key": "accuracy", "value": {{accuracy}}, "timestamp": 1, "step": 0}""")));
            await Ok(await client.PostAsync("/api/2.0/mlflow/runs/log-parameter", Json($$"""{"run_id": "{{id}}", "key": "lr", "value": "{{lr}}"}""")));
            ids.Add(id);
        }
        await Ok(await client.PostAsync("/api/2.0/mlflow/runs/update", Json($$"""{"run_id": "{{ids[2]}}", "status": "FAILED"}""")));

        var found = (await Ok(await client.PostAsync("/api/2.0/mlflow/runs/search", Json($$"""
            {"experiment_ids": ["{{experimentId}}"], "filter": "metrics.accuracy > 0.75 and params.lr = '0.01'", "order_by": ["metrics.accuracy ASC"]}
            """)))).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_name").GetString()).ToList();
        Assert.Equal(["c", "b"], found);

        var running = (await Ok(await client.PostAsync("/api/2.0/mlflow/runs/search", Json($$"""
            {"experiment_ids": ["{{experimentId}}"], "filter": "attributes.status = 'RUNNING'", "order_by": ["attributes.run_name DESC"]}
            """)))).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_name").GetString()).ToList();
        Assert.Equal(["b", "a"], running);
    }

    [Fact]
    public async Task Errors_have_mlflow_codes_and_4xx_statuses()
    {
        var client = await BasicClientAsync("error-user");
        var experimentId = (await Ok(await client.PostAsync("/api/2.0/mlflow/experiments/create", Json("""{"name": "errors"}""")))).GetProperty("experiment_id").GetString();

        var duplicate = await client.PostAsync("/api/2.0/mlflow/experiments/create", Json("""{"name": "errors"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal("RESOURCE_ALREADY_EXISTS", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());

        var unknownRun = await client.GetAsync($"/api/2.0/mlflow/runs/get?run_id={Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);

        var runId = (await Ok(await client.PostAsync("/api/2.0/mlflow/runs/create", Json($$"""{"experiment_id": "{{experimentId}}"}"""))))
            .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
        var tooMany = "[" + string.Join(',', Enumerable.Range(0, 1001).Select(i => $$"""{"key": "m", "value": 1, "timestamp": 1, "step": {{i}}}""")) + "]";
        var batch = await client.PostAsync("/api/2.0/mlflow/runs/log-batch", Json($$"""{"run_id": "{{runId}}", "metrics": {{tooMany}}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
        Assert.Equal("INVALID_PARAMETER_VALUE", (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());

        await Ok(await client.PostAsync("/api/2.0/mlflow/runs/log-parameter", Json($$"""{"run_id": "{{runId}}", "key": "lr", "value": "0.1"}""")));
        var changed = await client.PostAsync("/api/2.0/mlflow/runs/log-parameter", Json($$"""{"run_id": "{{runId}}", "key": "lr", "value": "0.2"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);

        var malformed = await client.PostAsync("/api/2.0/mlflow/runs/log-batch", Json("{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Experiment_zero_is_the_callers_default_project()
    {
        var client = await BasicClientAsync("default-user");
        var run = (await Ok(await client.PostAsync("/api/2.0/mlflow/runs/create", Json("""{"experiment_id": "0"}""")))).GetProperty("run");
        var experiment = (await Ok(await client.GetAsync("/api/2.0/mlflow/experiments/get?experiment_id=0"))).GetProperty("experiment");
        Assert.Equal("Default", experiment.GetProperty("name").GetString());
        Assert.Equal(experiment.GetProperty("experiment_id").GetString(), run.GetProperty("info").GetProperty("experiment_id").GetString());
    }
}
