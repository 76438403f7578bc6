using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Mlflow;

/// <summary>
/// Who sees which registered model: no token is 401; another project's model, version, alias or logged model does not
/// exist for a non-member (404 RESOURCE_DOES_NOT_EXIST); a Viewer reads but does not change; and which project a
/// model lands in (see MlflowRegistryScope).
/// </summary>
public sealed class MlflowRegistryAccessTests : IDisposable
{
    private readonly LodestoneAppFactory _app = LodestoneAppFactory.For(StorageProvider.Sqlite);

    public void Dispose() => _app.Dispose();

    private static async Task<(string Experiment, string Run, string ModelId)> RegisteredAsync(MlflowWire wire, string name)
    {
        var (experiment, run, uri) = await wire.RunAsync(name + "-experiment");
        await wire.UploadAsync(uri, "model/model.pkl", [1, 2, 3]);
        var logged = (await wire.PostAsync("/logged-models", $$"""{"experiment_id": "{{experiment}}", "source_run_id": "{{run}}", "name": "m"}"""))
            .GetProperty("model").GetProperty("info").GetProperty("model_id").GetString()!;
        await wire.PostAsync("/registered-models/create", $$"""{"name": "{{name}}"}""");
        await wire.PostAsync("/model-versions/create", $$"""{"name": "{{name}}", "source": "runs:/{{run}}/model", "run_id": "{{run}}"}""");
        await wire.PostAsync("/registered-models/alias", $$"""{"name": "{{name}}", "alias": "production", "version": "1"}""");
        return (experiment, run, logged);
    }

    [Fact]
    public async Task Registry_calls_without_a_token_are_401()
    {
        var anonymous = _app.CreateClient();
        foreach (var path in new[] { "/registered-models/get?name=x", "/registered-models/search", "/model-versions/search", "/logged-models/m-1" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(MlflowWire.Api + path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(MlflowWire.Api + "/registered-models/create", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task Another_projects_model_version_alias_and_logged_model_do_not_exist_for_a_non_member()
    {
        var alice = new MlflowWire((await _app.CreateUserAsync("alice-reg")).Client);
        var mallory = new MlflowWire((await _app.CreateUserAsync("mallory-reg")).Client);
        var (_, run, logged) = await RegisteredAsync(alice, "secret-model");

        foreach (var path in new[]
        {
            "/registered-models/get?name=secret-model", "/model-versions/get?name=secret-model&version=1",
            "/registered-models/alias?name=secret-model&alias=production", "/model-versions/get-download-uri?name=secret-model&version=1",
            $"/logged-models/{logged}",
        })
            Assert.Equal("RESOURCE_DOES_NOT_EXIST", await mallory.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, path));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await mallory.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Delete, "/registered-models/delete", """{"name": "secret-model"}"""));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await mallory.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/model-versions/create",
            $$"""{"name": "secret-model", "source": "runs:/{{run}}/model", "run_id": "{{run}}"}"""));
        Assert.Equal(0, (await mallory.GetAsync("/registered-models/search")).GetProperty("registered_models").GetArrayLength());
        Assert.False((await mallory.GetAsync("/model-versions/search")).TryGetProperty("model_versions", out var seen) && seen.GetArrayLength() > 0);
        // Mallory may use the name in a project of his own: names are per project.
        await mallory.PostAsync("/registered-models/create", """{"name": "secret-model"}""");
        Assert.Equal(1, (await alice.GetAsync("/registered-models/get?name=secret-model")).GetProperty("registered_model").GetProperty("latest_versions").GetArrayLength());
    }

    [Fact]
    public async Task A_viewer_reads_a_registered_model_but_cannot_change_it()
    {
        var alice = await _app.CreateUserAsync("alice-view");
        var bob = await _app.CreateUserAsync("bob-view");
        var (experiment, _, _) = await RegisteredAsync(new MlflowWire(alice.Client), "shared-model");
        (await alice.Client.PutAsJsonAsync($"/api/projects/{Guid.Parse(experiment)}/members/{bob.UserName}", new { role = "Viewer" })).EnsureSuccessStatusCode();
        var wire = new MlflowWire(bob.Client);

        Assert.Equal("1", (await wire.GetAsync("/registered-models/alias?name=shared-model&alias=production")).GetProperty("model_version").GetProperty("version").GetString());
        Assert.Equal("PERMISSION_DENIED", await wire.ErrorAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/registered-models/set-tag", """{"name": "shared-model", "key": "k", "value": "v"}"""));
        Assert.Equal("PERMISSION_DENIED", await wire.ErrorAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, "/model-versions/delete", """{"name": "shared-model", "version": "1"}"""));
    }

    [Fact]
    public async Task A_model_created_before_its_run_is_known_moves_to_the_runs_project_with_its_first_version()
    {
        var user = await _app.CreateUserAsync("mover");
        var wire = new MlflowWire(user.Client);
        var other = await LodestoneAppFactory.CreateProjectAsync(user, "Elsewhere");
        var (experiment, run, uri) = await wire.RunAsync("where-runs-are");
        await wire.UploadAsync(uri, "model/model.pkl", [9]);

        // Two projects and no lodestone.project tag: the model starts in the caller's Default project...
        await wire.PostAsync("/registered-models/create", """{"name": "wanderer"}""");
        // ...and follows its first version into the run's project.
        await wire.PostAsync("/model-versions/create", $$"""{"name": "wanderer", "source": "runs:/{{run}}/model", "run_id": "{{run}}"}""");

        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"/api/projects/{Guid.Parse(experiment)}/models/wanderer")).StatusCode);
        // A tag names the project outright, by name or id.
        var tagged = (await wire.PostAsync("/registered-models/create", """{"name": "placed", "tags": [{"key": "lodestone.project", "value": "Elsewhere"}]}"""))
            .GetProperty("registered_model");
        Assert.Equal(0, tagged.GetProperty("tags").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"/api/projects/{other}/models/placed")).StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/registered-models/create",
            """{"name": "lost", "tags": [{"key": "lodestone.project", "value": "No such project"}]}"""));
    }

    [Fact]
    public async Task A_model_created_by_a_caller_who_edits_one_project_lands_in_that_project()
    {
        var owner = await _app.CreateUserAsync("owner-one");
        var user = await _app.CreateUserAsync("editor-one");
        var wire = new MlflowWire(user.Client);
        var mine = await LodestoneAppFactory.CreateProjectAsync(user, "Mine");
        var watched = await LodestoneAppFactory.CreateProjectAsync(owner, "Watched");
        (await owner.Client.PutAsJsonAsync($"/api/projects/{watched}/members/{user.UserName}", new { role = "Viewer" })).EnsureSuccessStatusCode();

        await wire.PostAsync("/registered-models/create", """{"name": "single"}""");

        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"/api/projects/{mine}/models/single")).StatusCode);
        Assert.Equal("PERMISSION_DENIED", await wire.ErrorAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/registered-models/create",
            """{"name": "not-mine", "tags": [{"key": "lodestone.project", "value": "Watched"}]}"""));
    }

    [Fact]
    public async Task A_name_in_two_of_the_callers_projects_is_named_with_its_project()
    {
        var user = await _app.CreateUserAsync("twice");
        var wire = new MlflowWire(user.Client);
        await LodestoneAppFactory.CreateProjectAsync(user, "North");
        await LodestoneAppFactory.CreateProjectAsync(user, "South");
        await wire.PostAsync("/registered-models/create", """{"name": "twin", "tags": [{"key": "lodestone.project", "value": "North"}]}""");
        // Another project of the caller's already uses the name: MLflow's one namespace says it exists.
        Assert.Equal("RESOURCE_ALREADY_EXISTS", await wire.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/registered-models/create",
            """{"name": "twin", "tags": [{"key": "lodestone.project", "value": "South"}]}"""));
        var qualified = (await wire.GetAsync("/registered-models/get?name=North%2Ftwin")).GetProperty("registered_model");
        Assert.Equal("twin", qualified.GetProperty("name").GetString());
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", await wire.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/registered-models/get?name=South%2Ftwin"));
    }
}
