using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Mlflow;

/// <summary>MLflow clients see the projects their user is a member of, as the rest of the API does, and no others.</summary>
public sealed class MlflowExperimentVisibilityTests
{
    [Theory, StorageProviders]
    public async Task An_experiment_is_never_seen_by_a_user_outside_its_project_and_is_seen_read_only_by_a_viewer(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        var created = await alice.Client.PostAsync("/api/2.0/mlflow/experiments/create", Json("""{"name": "alice-pumps"}"""));
        var experimentId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("experiment_id").GetString();

        Assert.DoesNotContain("alice-pumps", await ExperimentNamesAsync(bob.Client));
        await AssertNotFoundAsync(await bob.Client.GetAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=alice-pumps"));
        await AssertNotFoundAsync(await bob.Client.GetAsync($"/api/2.0/mlflow/experiments/get?experiment_id={experimentId}"));
        await AssertNotFoundAsync(await bob.Client.PostAsync("/api/2.0/mlflow/runs/create", Json($$"""{"experiment_id": "{{experimentId}}"}""")));
        await AssertNotFoundAsync(await bob.Client.PostAsync("/api/2.0/mlflow/runs/search", Json($$"""{"experiment_ids": ["{{experimentId}}"]}""")));

        var added = await alice.Client.PutAsJsonAsync($"/api/projects/{Guid.Parse(experimentId!)}/members/{bob.UserName}", new { role = "Viewer" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        Assert.Contains("alice-pumps", await ExperimentNamesAsync(bob.Client));
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetAsync($"/api/2.0/mlflow/experiments/get?experiment_id={experimentId}")).StatusCode);
        var write = await bob.Client.PostAsync("/api/2.0/mlflow/runs/create", Json($$"""{"experiment_id": "{{experimentId}}"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    private static async Task<List<string>> ExperimentNamesAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/2.0/mlflow/experiments/search", Json("{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("experiments", out var experiments)
            ? [.. experiments.EnumerateArray().Select(e => e.GetProperty("name").GetString()!)]
            : [];
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
