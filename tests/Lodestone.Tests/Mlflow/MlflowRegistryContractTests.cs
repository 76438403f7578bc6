using System.Net;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Mlflow;

/// <summary>
/// The registry calls of MLflow's Python client (<c>mlflow/store/model_registry/rest_store.py</c>) in the order its
/// <c>MlflowClient</c> and <c>mlflow.register_model</c> make them, with the bodies it sends, checked field by field.
/// </summary>
public sealed class MlflowRegistryContractTests : IDisposable
{
    private readonly LodestoneAppFactory _app = LodestoneAppFactory.For(StorageProvider.Sqlite);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Create_registered_model_answers_MLflows_shape_with_tags_description_and_millisecond_times()
    {
        var wire = new MlflowWire((await _app.CreateUserAsync("reg-create")).Client);
        var before = MlflowWire.Now;

        var model = (await wire.PostAsync("/registered-models/create", """
            {"name": "magnetometer-lstm", "tags": [{"key": "team", "value": "sensors"}], "description": "Finds saturation."}
            """)).GetProperty("registered_model");

        Assert.Equal("magnetometer-lstm", model.GetProperty("name").GetString());
        Assert.Equal("Finds saturation.", model.GetProperty("description").GetString());
        var created = model.GetProperty("creation_timestamp").GetInt64();
        Assert.InRange(created, before - 1000, MlflowWire.Now + 1000);
        Assert.Equal(created, model.GetProperty("last_updated_timestamp").GetInt64());
        Assert.Equal("team", model.GetProperty("tags")[0].GetProperty("key").GetString());
        Assert.Equal("sensors", model.GetProperty("tags")[0].GetProperty("value").GetString());
        Assert.Equal(0, model.GetProperty("latest_versions").GetArrayLength());
        Assert.Equal(0, model.GetProperty("aliases").GetArrayLength());
        Assert.Equal("RESOURCE_ALREADY_EXISTS",
            await wire.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/registered-models/create", """{"name": "magnetometer-lstm"}"""));
        Assert.Equal("INVALID_PARAMETER_VALUE", await wire.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/registered-models/create", """{"name": " "}"""));
    }

    [Fact]
    public async Task Register_model_of_a_runs_folder_makes_version_1_which_an_alias_and_the_download_uri_find()
    {
        var user = await _app.CreateUserAsync("reg-runs");
        var wire = new MlflowWire(user.Client);
        var (experiment, runId, artifactUri) = await wire.RunAsync("valves");
        await wire.PostAsync("/runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{"key": "f1", "value": 0.91, "timestamp": "{{MlflowWire.Now}}", "step": "0"}]}""");
        var weights = Encoding.UTF8.GetBytes("gradient boosted trees");
        await wire.UploadAsync(artifactUri, "model/MLmodel", "flavors: {}"u8.ToArray());
        await wire.UploadAsync(artifactUri, "model/model.pkl", weights);

        // mlflow.register_model("runs:/{run}/model", "valve-classifier"):
        await wire.PostAsync("/registered-models/create", """{"name": "valve-classifier"}""");
        // RunsArtifactRepository resolves the run's artifact URI and checks that "model" is a folder of it.
        var listed = await wire.Client.GetAsync($"/api/2.0/mlflow-artifacts/artifacts?path={artifactUri["mlflow-artifacts:/".Length..]}/model");
        Assert.Contains("model.pkl", await listed.Content.ReadAsStringAsync());
        var source = artifactUri + "/model";
        var version = (await wire.PostAsync("/model-versions/create", $$"""
            {"name": "valve-classifier", "source": "{{source}}", "run_id": "{{runId}}", "tags": [{"key": "stage", "value": "candidate"}], "description": "first"}
            """)).GetProperty("model_version");
        // _create_model_version awaits READY with model-versions/get.
        var got = (await wire.GetAsync("/model-versions/get?name=valve-classifier&version=1")).GetProperty("model_version");

        foreach (var v in new[] { version, got })
        {
            Assert.Equal("valve-classifier", v.GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.String, v.GetProperty("version").ValueKind);
            Assert.Equal("1", v.GetProperty("version").GetString());
            Assert.Equal("READY", v.GetProperty("status").GetString());
            Assert.Equal("None", v.GetProperty("current_stage").GetString());
            Assert.Equal(source, v.GetProperty("source").GetString());
            Assert.Equal(runId, v.GetProperty("run_id").GetString());
            Assert.Equal("first", v.GetProperty("description").GetString());
            Assert.Equal("candidate", v.GetProperty("tags")[0].GetProperty("value").GetString());
            Assert.InRange(v.GetProperty("creation_timestamp").GetInt64(), MlflowWire.Now - 60_000, MlflowWire.Now + 1000);
            Assert.False(v.TryGetProperty("model_id", out _));
        }

        // MlflowClient.set_registered_model_alias / get_model_version_by_alias
        await wire.PostAsync("/registered-models/alias", """{"name": "valve-classifier", "alias": "champion", "version": "1"}""");
        var byAlias = (await wire.GetAsync("/registered-models/alias?name=valve-classifier&alias=champion")).GetProperty("model_version");
        Assert.Equal("1", byAlias.GetProperty("version").GetString());
        Assert.Equal(["champion"], byAlias.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var model = (await wire.GetAsync("/registered-models/get?name=valve-classifier")).GetProperty("registered_model");
        Assert.Equal("champion", model.GetProperty("aliases")[0].GetProperty("alias").GetString());
        Assert.Equal("1", model.GetProperty("aliases")[0].GetProperty("version").GetString());
        Assert.Equal("1", model.GetProperty("latest_versions")[0].GetProperty("version").GetString());

        // mlflow.pyfunc.load_model("models:/valve-classifier@champion") downloads from get-download-uri.
        var uri = (await wire.GetAsync("/model-versions/get-download-uri?name=valve-classifier&version=1")).GetProperty("artifact_uri").GetString()!;
        Assert.Equal(weights, await wire.DownloadAsync(uri, "model.pkl"));

        // The same model in Lodestone's own API: version 1 from the outside run, with its metrics and alias.
        var native = JsonDocument.Parse(await user.Client.GetStringAsync($"/api/projects/{Guid.Parse(experiment)}/models/valve-classifier/versions/1")).RootElement;
        Assert.Equal(0.91, native.GetProperty("metrics").GetProperty("f1").GetDouble());
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/registered-models/alias?name=valve-classifier&alias=staging"));
    }

    [Fact]
    public async Task A_second_registration_is_version_2_and_get_latest_versions_and_search_find_it()
    {
        var wire = new MlflowWire((await _app.CreateUserAsync("reg-second")).Client);
        var (experiment, first, firstUri) = await wire.RunAsync("pumps");
        await wire.UploadAsync(firstUri, "model/model.pkl", [1]);
        await wire.PostAsync("/registered-models/create", """{"name": "pump-anomaly"}""");
        await wire.PostAsync("/model-versions/create", $$"""{"name": "pump-anomaly", "source": "runs:/{{first}}/model", "run_id": "{{first}}"}""");
        var second = (await wire.PostAsync("/runs/create", $$"""{"experiment_id": "{{experiment}}", "start_time": "{{MlflowWire.Now}}"}""")).GetProperty("run").GetProperty("info");
        await wire.UploadAsync(second.GetProperty("artifact_uri").GetString()!, "model/model.pkl", [2]);

        // register_model again: create answers RESOURCE_ALREADY_EXISTS, which the client passes over.
        Assert.Equal("RESOURCE_ALREADY_EXISTS", await wire.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/registered-models/create", """{"name": "pump-anomaly"}"""));
        var v2 = (await wire.PostAsync("/model-versions/create", $$"""
            {"name": "pump-anomaly", "source": "runs:/{{second.GetProperty("run_id").GetString()}}/model", "run_id": "{{second.GetProperty("run_id").GetString()}}"}
            """)).GetProperty("model_version");
        Assert.Equal("2", v2.GetProperty("version").GetString());

        var latest = await wire.PostAsync("/registered-models/get-latest-versions", """{"name": "pump-anomaly", "stages": ["None"]}""");
        Assert.Equal("2", latest.GetProperty("model_versions").EnumerateArray().Single().GetProperty("version").GetString());
        var production = await wire.PostAsync("/registered-models/get-latest-versions", """{"name": "pump-anomaly", "stages": ["Production"]}""");
        Assert.Equal(0, production.GetProperty("model_versions").GetArrayLength());
        // transition_model_version_stage: stages are aliases here, and the refusal says so.
        var stage = await wire.SendAsync(HttpMethod.Post, "/model-versions/transition-stage", """{"name": "pump-anomaly", "version": "2", "stage": "Production"}""");
        Assert.Equal(HttpStatusCode.BadRequest, stage.StatusCode);
        Assert.Contains("registered-models/alias", await stage.Content.ReadAsStringAsync());
        // search_registered_models(filter_string="name LIKE 'pump%'") and search_model_versions(f"name='pump-anomaly'")
        var models = await wire.GetAsync("/registered-models/search?filter=name%20LIKE%20%27pump%25%27&max_results=100");
        Assert.Equal("pump-anomaly", models.GetProperty("registered_models").EnumerateArray().Single().GetProperty("name").GetString());
        var versions = await wire.GetAsync("/model-versions/search?filter=name%3D%27pump-anomaly%27&max_results=10000");
        Assert.Equal(["2", "1"], versions.GetProperty("model_versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        var ofRun = await wire.GetAsync($"/model-versions/search?filter=run_id%3D%27{first}%27");
        Assert.Equal("1", ofRun.GetProperty("model_versions").EnumerateArray().Single().GetProperty("version").GetString());
        // A run makes one version here: registering it again is refused, saying which version it is.
        Assert.Equal("RESOURCE_ALREADY_EXISTS", await wire.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/model-versions/create",
            $$"""{"name": "pump-anomaly", "source": "runs:/{{first}}/model", "run_id": "{{first}}"}"""));
    }

    [Fact]
    public async Task Model_version_create_names_the_source_when_it_has_no_files_or_is_not_a_runs()
    {
        var wire = new MlflowWire((await _app.CreateUserAsync("reg-bad")).Client);
        var (_, runId, _) = await wire.RunAsync("bad-sources");
        await wire.PostAsync("/registered-models/create", """{"name": "m"}""");

        foreach (var body in new[]
        {
            $$"""{"name": "m", "source": "runs:/{{runId}}/model"}""",
            """{"name": "m", "source": "s3://bucket/model"}""",
            $$"""{"name": "m", "source": "runs:/{{runId}}/model", "run_id": "0123456789abcdef0123456789abcdef"}""",
            """{"name": "m"}""",
        })
        {
            var response = await wire.SendAsync(HttpMethod.Post, "/model-versions/create", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("INVALID_PARAMETER_VALUE", error.GetProperty("error_code").GetString());
            Assert.Matches("source|run_id", error.GetProperty("message").GetString());
        }
        Assert.Equal("INVALID_PARAMETER_VALUE", await wire.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "/model-versions/get?name=m&version=one"));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/model-versions/get?name=m&version=1"));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/registered-models/get?name=nothing"));
    }
}
