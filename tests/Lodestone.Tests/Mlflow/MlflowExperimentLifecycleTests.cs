using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Mlflow;

/// <summary>
/// experiments/delete and experiments/restore as MLflow's server answers them: a deleted experiment is still found by
/// id and name as "deleted", search hides it unless view_type asks, nothing is logged into it, its name stays taken,
/// and restoring brings it back with the runs deleted with it. Only the project's admin deletes or restores.
/// </summary>
public sealed class MlflowExperimentLifecycleTests
{
    [Theory, StorageProviders]
    public async Task A_deleted_experiment_is_hidden_refuses_every_change_and_restores_with_the_runs_deleted_with_it(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();
        var experiment = await CreateExperimentAsync(user.Client, "lifecycle");
        var kept = await CreateRunAsync(user.Client, experiment);
        var deletedBefore = await CreateRunAsync(user.Client, experiment);
        await PostAsync(user.Client, "runs/log-metric", new { run_id = kept, key = "loss", value = 1.0, timestamp = 1, step = 0 }, HttpStatusCode.OK);
        await PostAsync(user.Client, "runs/delete", new { run_id = deletedBefore }, HttpStatusCode.OK);

        await PostAsync(user.Client, "experiments/delete", new { experiment_id = experiment }, HttpStatusCode.OK);

        Assert.Equal("deleted", (await GetAsync(user.Client, $"experiments/get?experiment_id={experiment}")).GetProperty("experiment").GetProperty("lifecycle_stage").GetString());
        Assert.Equal("deleted", (await GetAsync(user.Client, "experiments/get-by-name?experiment_name=lifecycle")).GetProperty("experiment").GetProperty("lifecycle_stage").GetString());
        Assert.DoesNotContain(experiment, await SearchAsync(user.Client, null));
        Assert.Contains(experiment, await SearchAsync(user.Client, "DELETED_ONLY"));
        Assert.Contains(experiment, await SearchAsync(user.Client, "ALL"));
        Assert.Empty(await RunsAsync(user.Client, experiment, "ACTIVE_ONLY"));
        Assert.Equal(new[] { kept, deletedBefore }.Order(), await RunsAsync(user.Client, experiment, "DELETED_ONLY"));
        await PostAsync(user.Client, "runs/log-metric", new { run_id = kept, key = "loss", value = 2.0, timestamp = 2, step = 1 }, HttpStatusCode.BadRequest, "INVALID_STATE");
        var native = await user.Client.PostAsJsonAsync($"/api/projects/{Guid.Parse(experiment)}/runs/{Guid.Parse(kept)}/metrics",
            new { metrics = new[] { new { key = "loss", step = 1, value = 2.0 } } });
        Assert.Equal(HttpStatusCode.NotFound, native.StatusCode);
        await PostAsync(user.Client, "runs/create", new { experiment_id = experiment }, HttpStatusCode.BadRequest, "INVALID_STATE");
        await PostAsync(user.Client, "experiments/set-experiment-tag", new { experiment_id = experiment, key = "k", value = "v" }, HttpStatusCode.BadRequest, "INVALID_STATE");
        await PostAsync(user.Client, "experiments/update", new { experiment_id = experiment, new_name = "renamed" }, HttpStatusCode.BadRequest, "INVALID_STATE");
        await PostAsync(user.Client, "experiments/create", new { name = "lifecycle" }, HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        await PostAsync(user.Client, "experiments/delete", new { experiment_id = experiment }, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var projects = await user.Client.GetFromJsonAsync<JsonElement>("/api/projects");
        Assert.DoesNotContain(projects.EnumerateArray(), p => p.GetProperty("id").GetGuid() == Guid.Parse(experiment));
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/projects/{Guid.Parse(experiment)}")).StatusCode);
        var nativeRun = await user.Client.PostAsJsonAsync($"/api/projects/{Guid.Parse(experiment)}/runs", new { external = true, name = "native" });
        Assert.Equal(HttpStatusCode.NotFound, nativeRun.StatusCode);

        await PostAsync(user.Client, "experiments/restore", new { experiment_id = experiment }, HttpStatusCode.OK);

        Assert.Equal("active", (await GetAsync(user.Client, $"experiments/get?experiment_id={experiment}")).GetProperty("experiment").GetProperty("lifecycle_stage").GetString());
        Assert.Contains(experiment, await SearchAsync(user.Client, null));
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"/api/projects/{Guid.Parse(experiment)}")).StatusCode);
        await PostAsync(user.Client, "runs/log-metric", new { run_id = kept, key = "loss", value = 2.0, timestamp = 2, step = 1 }, HttpStatusCode.OK);
        Assert.Equal([kept], await RunsAsync(user.Client, experiment, "ACTIVE_ONLY"));
        Assert.Equal([deletedBefore], await RunsAsync(user.Client, experiment, "DELETED_ONLY"));
        await PostAsync(user.Client, "experiments/restore", new { experiment_id = experiment }, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Only_the_project_admin_deletes_or_restores_an_experiment_and_a_non_member_never_finds_it()
    {
        using var app = LodestoneAppFactory.For(StorageProvider.Sqlite);
        var owner = await app.CreateUserAsync();
        var editor = await app.CreateUserAsync();
        var outsider = await app.CreateUserAsync();
        var experiment = await CreateExperimentAsync(owner.Client, "guarded");
        var added = await owner.Client.PutAsJsonAsync($"/api/projects/{Guid.Parse(experiment)}/members/{editor.UserName}", new { role = "Editor" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        await PostAsync(editor.Client, "experiments/delete", new { experiment_id = experiment }, HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await PostAsync(outsider.Client, "experiments/delete", new { experiment_id = experiment }, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await PostAsync(owner.Client, "experiments/delete", new { experiment_id = experiment }, HttpStatusCode.OK);
        await PostAsync(editor.Client, "experiments/restore", new { experiment_id = experiment }, HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await PostAsync(outsider.Client, "experiments/restore", new { experiment_id = experiment }, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.DoesNotContain(experiment, await SearchAsync(outsider.Client, "ALL"));
        Assert.Contains(experiment, await SearchAsync(editor.Client, "DELETED_ONLY"));
    }

    private static async Task<string> CreateExperimentAsync(HttpClient client, string name) =>
        (await PostAsync(client, "experiments/create", new { name }, HttpStatusCode.OK)).GetProperty("experiment_id").GetString()!;

    private static async Task<string> CreateRunAsync(HttpClient client, string experiment) =>
        (await PostAsync(client, "runs/create", new { experiment_id = experiment }, HttpStatusCode.OK))
            .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;

    private static async Task<List<string>> RunsAsync(HttpClient client, string experiment, string viewType)
    {
        var body = await PostAsync(client, "runs/search", new { experiment_ids = new[] { experiment }, run_view_type = viewType }, HttpStatusCode.OK);
        return body.TryGetProperty("runs", out var runs)
            ? [.. runs.EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()!).Order()]
            : [];
    }

    private static async Task<List<string>> SearchAsync(HttpClient client, string? viewType)
    {
        var body = await PostAsync(client, "experiments/search", viewType is null ? new { } : new { view_type = viewType }, HttpStatusCode.OK);
        return body.TryGetProperty("experiments", out var experiments)
            ? [.. experiments.EnumerateArray().Select(e => e.GetProperty("experiment_id").GetString()!)]
            : [];
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string endpoint, object body, HttpStatusCode expected, string? errorCode = null)
    {
        var response = await client.PostAsync($"/api/2.0/mlflow/{endpoint}", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {endpoint}: {text}");
        var json = JsonDocument.Parse(text).RootElement.Clone();
        if (errorCode is not null) Assert.Equal(errorCode, json.GetProperty("error_code").GetString());
        return json;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string endpoint)
    {
        var response = await client.GetAsync($"/api/2.0/mlflow/{endpoint}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {endpoint}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
