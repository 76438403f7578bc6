using System.Net;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Mlflow;

/// <summary>
/// MLflow 3's <c>mlflow.&lt;flavor&gt;.log_model(..., registered_model_name=…)</c> (<c>mlflow/models/model.py</c>
/// <c>Model.log</c>, <c>mlflow/tracking/_model_registry/fluent.py</c> <c>_register_model</c>) and
/// <c>mlflow.register_model("runs:/…")</c> of a logged model, request by request as the client makes them.
/// </summary>
public sealed class MlflowLoggedModelContractTests : IDisposable
{
    private readonly LodestoneAppFactory _app = LodestoneAppFactory.For(StorageProvider.Sqlite);

    public void Dispose() => _app.Dispose();

    /// <summary>log_model: create the logged model, upload its files to its artifact_uri, finalize it.</summary>
    private static async Task<(string Id, string ArtifactUri)> LogModelAsync(MlflowWire wire, string experiment, string runId, byte[] weights)
    {
        var created = (await wire.PostAsync("/logged-models", $$"""
            {"experiment_id": "{{experiment}}", "name": "model", "source_run_id": "{{runId}}",
             "params": [{"key": "n_estimators", "value": "100"}], "tags": [{"key": "mlflow.source.name", "value": "train.py"}]}
            """)).GetProperty("model").GetProperty("info");
        Assert.Equal("LOGGED_MODEL_PENDING", created.GetProperty("status").GetString());
        var id = created.GetProperty("model_id").GetString()!;
        var uri = created.GetProperty("artifact_uri").GetString()!;
        await wire.UploadAsync(uri, "MLmodel", "flavors:\n  sklearn: {}\n"u8.ToArray());
        await wire.UploadAsync(uri, "model.pkl", weights);
        var ready = (await wire.OkAsync(HttpMethod.Patch, $"/logged-models/{id}", $$"""{"model_id": "{{id}}", "status": "LOGGED_MODEL_READY"}"""))
            .GetProperty("model").GetProperty("info");
        Assert.Equal("LOGGED_MODEL_READY", ready.GetProperty("status").GetString());
        return (id, uri);
    }

    [Fact]
    public async Task Log_model_with_a_registered_model_name_registers_the_logged_models_files_as_version_1()
    {
        var wire = new MlflowWire((await _app.CreateUserAsync("logged-user")).Client);
        var (experiment, runId, _) = await wire.RunAsync("mlflow3");
        var weights = "a sklearn pickle"u8.ToArray();

        var (modelId, artifactUri) = await LogModelAsync(wire, experiment, runId, weights);
        Assert.Matches("^m-[0-9a-f]{32}$", modelId);
        Assert.StartsWith($"mlflow-artifacts:/{experiment}/{runId}/artifacts/models/{modelId}", artifactUri);

        // _register_model(f"models:/{model_id}", name): create (or find) the model, create the version, await READY.
        await wire.PostAsync("/registered-models/create", """{"name": "fan-classifier"}""");
        var version = (await wire.PostAsync("/model-versions/create", $$"""
            {"name": "fan-classifier", "source": "models:/{{modelId}}", "model_id": "{{modelId}}"}
            """)).GetProperty("model_version");
        Assert.Equal("1", version.GetProperty("version").GetString());
        Assert.Equal($"models:/{modelId}", version.GetProperty("source").GetString());
        Assert.Equal(modelId, version.GetProperty("model_id").GetString());
        Assert.Equal(runId, version.GetProperty("run_id").GetString());
        Assert.Equal("READY", (await wire.GetAsync("/model-versions/get?name=fan-classifier&version=1")).GetProperty("model_version").GetProperty("status").GetString());

        // ...then records the registration on the logged model as a tag.
        var logged = (await wire.GetAsync($"/logged-models/{modelId}")).GetProperty("model");
        Assert.Equal("fan-classifier", logged.GetProperty("info").GetProperty("registrations")[0].GetProperty("name").GetString());
        Assert.Equal("1", logged.GetProperty("info").GetProperty("registrations")[0].GetProperty("version").GetString());
        Assert.Equal("100", logged.GetProperty("data").GetProperty("params")[0].GetProperty("value").GetString());
        await wire.OkAsync(HttpMethod.Patch, $"/logged-models/{modelId}/tags",
            """{"tags": [{"key": "mlflow.modelVersions", "value": "[{\"name\": \"fan-classifier\", \"version\": \"1\"}]"}]}""");
        var tagged = (await wire.GetAsync($"/logged-models/{modelId}")).GetProperty("model").GetProperty("info").GetProperty("tags");
        Assert.Contains(tagged.EnumerateArray(), t => t.GetProperty("key").GetString() == "mlflow.modelVersions");

        // Loading models:/fan-classifier/1 downloads the logged model's files.
        var download = (await wire.GetAsync("/model-versions/get-download-uri?name=fan-classifier&version=1")).GetProperty("artifact_uri").GetString()!;
        Assert.Equal(artifactUri.TrimEnd('/'), download);
        Assert.Equal(weights, await wire.DownloadAsync(download, "model.pkl"));
    }

    [Fact]
    public async Task Register_model_of_runs_uri_finds_the_logged_model_through_the_runs_outputs_and_search()
    {
        var wire = new MlflowWire((await _app.CreateUserAsync("logged-runs")).Client);
        var (experiment, runId, runUri) = await wire.RunAsync("mlflow3-runs");
        var (modelId, _) = await LogModelAsync(wire, experiment, runId, [7, 7]);
        await wire.PostAsync("/runs/outputs", $$"""{"run_id": "{{runId}}", "models": [{"model_id": "{{modelId}}", "step": "0"}]}""");

        // register_model("runs:/{run}/model"): "model" is no folder of the run, so the client looks for a logged model
        // named "model" of that run among the experiment's, and takes the one at the largest step of the run's outputs.
        var listed = await wire.Client.GetStringAsync($"/api/2.0/mlflow-artifacts/artifacts?path={runUri["mlflow-artifacts:/".Length..]}/model");
        Assert.DoesNotContain("model.pkl", listed);
        var run = (await wire.GetAsync($"/runs/get?run_id={runId}")).GetProperty("run");
        Assert.Equal(modelId, run.GetProperty("outputs").GetProperty("model_outputs")[0].GetProperty("model_id").GetString());
        var search = await wire.PostAsync("/logged-models/search", $$"""{"experiment_ids": ["{{experiment}}"]}""");
        var found = search.GetProperty("models").EnumerateArray().Single().GetProperty("info");
        Assert.Equal(runId, found.GetProperty("source_run_id").GetString());
        Assert.Equal("model", found.GetProperty("name").GetString());
        await wire.PostAsync("/registered-models/create", """{"name": "runs-uri-model"}""");
        var version = (await wire.PostAsync("/model-versions/create", $$"""
            {"name": "runs-uri-model", "source": "models:/{{modelId}}", "run_id": "{{runId}}", "model_id": "{{modelId}}"}
            """)).GetProperty("model_version");
        Assert.Equal("1", version.GetProperty("version").GetString());
        var filtered = await wire.PostAsync("/logged-models/search", $$"""{"experiment_ids": ["{{experiment}}"], "filter": "name = 'other'"}""");
        Assert.False(filtered.TryGetProperty("models", out var none) && none.GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_model_logged_outside_a_run_gets_a_finished_run_to_hold_its_files()
    {
        var wire = new MlflowWire((await _app.CreateUserAsync("logged-norun")).Client);
        var experiment = (await wire.PostAsync("/experiments/create", """{"name": "no-run"}""")).GetProperty("experiment_id").GetString()!;

        var info = (await wire.PostAsync("/logged-models", $$"""{"experiment_id": "{{experiment}}", "name": "standalone"}""")).GetProperty("model").GetProperty("info");

        var holder = (await wire.GetAsync($"/runs/get?run_id={info.GetProperty("source_run_id").GetString()}")).GetProperty("run").GetProperty("info");
        Assert.Equal("FINISHED", holder.GetProperty("status").GetString());
        Assert.Equal(experiment, holder.GetProperty("experiment_id").GetString());
        await wire.UploadAsync(info.GetProperty("artifact_uri").GetString()!, "MLmodel", [1]);
    }

    [Fact]
    public async Task Logged_model_calls_refuse_unknown_ids_statuses_and_changed_params()
    {
        var wire = new MlflowWire((await _app.CreateUserAsync("logged-bad")).Client);
        var (experiment, runId, _) = await wire.RunAsync("logged-bad");
        var (modelId, _) = await LogModelAsync(wire, experiment, runId, [1]);

        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/logged-models/m-00000000000000000000000000000000"));
        Assert.Equal("INVALID_PARAMETER_VALUE", await wire.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Patch, $"/logged-models/{modelId}", """{"status": "DONE"}"""));
        Assert.Equal("INVALID_PARAMETER_VALUE", await wire.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, $"/logged-models/{modelId}/params",
            """{"params": [{"key": "n_estimators", "value": "5"}]}"""));
        await wire.OkAsync(HttpMethod.Post, $"/logged-models/{modelId}/params", """{"params": [{"key": "max_depth", "value": "3"}]}""");
        await wire.OkAsync(HttpMethod.Delete, $"/logged-models/{modelId}/tags/mlflow.source.name");
        var info = (await wire.GetAsync($"/logged-models/{modelId}")).GetProperty("model");
        Assert.Equal(0, info.GetProperty("info").GetProperty("tags").GetArrayLength());
        Assert.Equal(["max_depth", "n_estimators"], info.GetProperty("data").GetProperty("params").EnumerateArray().Select(p => p.GetProperty("key").GetString()));
        await wire.OkAsync(HttpMethod.Delete, $"/logged-models/{modelId}", $$"""{"model_id": "{{modelId}}"}""");
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, $"/logged-models/{modelId}"));
    }
}
