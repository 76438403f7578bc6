using System.Net;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Mlflow;

/// <summary>
/// MlflowClient's changes to registered models and versions (update, rename, tags, delete), on both stores: what the
/// next read answers, and what Lodestone's own models API shows of the same model.
/// </summary>
public sealed class MlflowRegistryLifecycleTests
{
    [Theory, StorageProviders]
    public async Task Update_rename_tags_and_deletes_read_back_as_the_client_made_them(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync("lifecycle");
        var wire = new MlflowWire(user.Client);
        var (experiment, first, firstUri) = await wire.RunAsync("lifecycle");
        await wire.UploadAsync(firstUri, "model/model.pkl", [1]);
        var second = (await wire.PostAsync("/runs/create", $$"""{"experiment_id": "{{experiment}}", "start_time": "{{MlflowWire.Now}}"}""")).GetProperty("run").GetProperty("info");
        var secondId = second.GetProperty("run_id").GetString()!;
        await wire.UploadAsync(second.GetProperty("artifact_uri").GetString()!, "model/model.pkl", [2]);
        await wire.PostAsync("/registered-models/create", """{"name": "drifter"}""");
        await wire.PostAsync("/model-versions/create", $$"""{"name": "drifter", "source": "runs:/{{first}}/model", "run_id": "{{first}}"}""");
        await wire.PostAsync("/model-versions/create", $$"""{"name": "drifter", "source": "runs:/{{secondId}}/model", "run_id": "{{secondId}}"}""");

        // update_registered_model / update_model_version
        var updated = (await wire.OkAsync(HttpMethod.Patch, "/registered-models/update", """{"name": "drifter", "description": "Drift detector"}""")).GetProperty("registered_model");
        Assert.Equal("Drift detector", updated.GetProperty("description").GetString());
        var described = (await wire.OkAsync(HttpMethod.Patch, "/model-versions/update", """{"name": "drifter", "version": "2", "description": "retrained"}""")).GetProperty("model_version");
        Assert.Equal("retrained", described.GetProperty("description").GetString());
        // set_registered_model_tag / delete_registered_model_tag, set_model_version_tag / delete_model_version_tag
        await wire.PostAsync("/registered-models/set-tag", """{"name": "drifter", "key": "owner", "value": "ops"}""");
        await wire.PostAsync("/registered-models/set-tag", """{"name": "drifter", "key": "temp", "value": "x"}""");
        await wire.OkAsync(HttpMethod.Delete, "/registered-models/delete-tag", """{"name": "drifter", "key": "temp"}""");
        await wire.PostAsync("/model-versions/set-tag", """{"name": "drifter", "version": "1", "key": "validated", "value": "no"}""");
        await wire.PostAsync("/model-versions/set-tag", """{"name": "drifter", "version": "1", "key": "validated", "value": "yes"}""");
        await wire.PostAsync("/model-versions/set-tag", """{"name": "drifter", "version": "1", "key": "gone", "value": "soon"}""");
        await wire.OkAsync(HttpMethod.Delete, "/model-versions/delete-tag", """{"name": "drifter", "version": "1", "key": "gone"}""");
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Delete, "/model-versions/delete-tag",
            """{"name": "drifter", "version": "1", "key": "gone"}"""));
        var tagged = (await wire.GetAsync("/model-versions/search?filter=tags.validated%20%3D%20%27yes%27")).GetProperty("model_versions");
        Assert.Equal("1", tagged.EnumerateArray().Single().GetProperty("version").GetString());
        var v1Tags = (await wire.GetAsync("/model-versions/get?name=drifter&version=1")).GetProperty("model_version").GetProperty("tags");
        Assert.Equal([("validated", "yes")], v1Tags.EnumerateArray().Select(t => (t.GetProperty("key").GetString(), t.GetProperty("value").GetString())));

        // rename_registered_model: the versions follow, and the old name is gone.
        var renamed = (await wire.PostAsync("/registered-models/rename", """{"name": "drifter", "new_name": "drift-detector"}""")).GetProperty("registered_model");
        Assert.Equal("drift-detector", renamed.GetProperty("name").GetString());
        Assert.Equal([("owner", "ops")], renamed.GetProperty("tags").EnumerateArray().Select(t => (t.GetProperty("key").GetString(), t.GetProperty("value").GetString())));
        Assert.Equal("drift-detector", (await wire.GetAsync("/model-versions/get?name=drift-detector&version=2")).GetProperty("model_version").GetProperty("name").GetString());
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/registered-models/get?name=drifter"));
        var native = JsonDocument.Parse(await user.Client.GetStringAsync($"/api/projects/{Guid.Parse(experiment)}/models/versions?name=drift-detector")).RootElement;
        Assert.Equal(2, native.GetArrayLength());

        // delete_model_version, then delete_registered_model
        await wire.OkAsync(HttpMethod.Delete, "/model-versions/delete", """{"name": "drift-detector", "version": "2"}""");
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/model-versions/get?name=drift-detector&version=2"));
        Assert.Equal("1", (await wire.GetAsync("/registered-models/get?name=drift-detector")).GetProperty("registered_model")
            .GetProperty("latest_versions")[0].GetProperty("version").GetString());
        await wire.OkAsync(HttpMethod.Delete, "/registered-models/delete", """{"name": "drift-detector"}""");
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/registered-models/get?name=drift-detector"));
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/projects/{Guid.Parse(experiment)}/models/drift-detector")).StatusCode);
        // The runs keep their files: the first one registers again into a new model.
        await wire.PostAsync("/registered-models/create", """{"name": "again"}""");
        Assert.Equal("1", (await wire.PostAsync("/model-versions/create", $$"""{"name": "again", "source": "runs:/{{first}}/model", "run_id": "{{first}}"}"""))
            .GetProperty("model_version").GetProperty("version").GetString());
    }
}
