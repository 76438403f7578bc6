using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Accounts;

/// <summary>
/// Keys, memberships and runs are cached for a few seconds on the tracking path; a change made through this server must
/// still hold from the very next request.
/// </summary>
public sealed class AccessCacheTests
{
    private sealed record Created(Guid Id);

    private static async Task<Guid> ExternalRunAsync(TestUser user, Guid project)
    {
        var response = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new { external = true, name = "script" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Created>())!.Id;
    }

    private static Task<HttpResponseMessage> LogAsync(HttpClient client, Guid project, Guid run, int step) =>
        client.PostAsJsonAsync($"/api/projects/{project}/runs/{run}/metrics", new { metrics = new[] { new { key = "loss", step, value = 0.5 } } });

    [Theory, StorageProviders]
    public async Task RevokedKey_IsRefusedOnTheVeryNextRequest_ThoughItWasJustUsed(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var run = await ExternalRunAsync(user, project);
        var created = await (await user.Client.PostAsJsonAsync("/api/account/api-keys", new { name = "script" }))
            .Content.ReadFromJsonAsync<AccountsApi.CreatedKeyResponse>();
        var script = app.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created!.Key);
        for (var step = 0; step < 3; step++)
            Assert.Equal(HttpStatusCode.NoContent, (await LogAsync(script, project, run, step)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/account/api-keys/{created.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await LogAsync(script, project, run, 3)).StatusCode);
    }

    [Theory, StorageProviders]
    public async Task RemovedMember_IsRefusedOnTheVeryNextRequest_ThoughTheirRoleWasJustChecked(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var owner = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{member.UserName}", new { role = "Editor" });
        var run = await ExternalRunAsync(member, project);
        for (var step = 0; step < 3; step++)
            Assert.Equal(HttpStatusCode.NoContent, (await LogAsync(member.Client, project, run, step)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/api/projects/{project}/members/{member.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await LogAsync(member.Client, project, run, 3)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Client.GetAsync($"/api/projects/{project}/runs/{run}")).StatusCode);
    }

    [Theory, StorageProviders]
    public async Task DemotedMember_LosesTheRoleOnTheVeryNextRequest(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var owner = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{member.UserName}", new { role = "Editor" });
        var run = await ExternalRunAsync(member, project);
        Assert.Equal(HttpStatusCode.NoContent, (await LogAsync(member.Client, project, run, 0)).StatusCode);

        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{member.UserName}", new { role = "Viewer" });

        Assert.Equal(HttpStatusCode.Forbidden, (await LogAsync(member.Client, project, run, 1)).StatusCode);
    }

    [Fact]
    public async Task RunDeletedThroughMlflow_TakesNoMoreMetricsFromTheVeryNextRequest()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var run = await ExternalRunAsync(user, project);
        Assert.Equal(HttpStatusCode.NoContent, (await LogAsync(user.Client, project, run, 0)).StatusCode);

        var deleted = await user.Client.PostAsJsonAsync("/api/2.0/mlflow/runs/delete", new { run_id = run.ToString("N") });
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await LogAsync(user.Client, project, run, 1)).StatusCode);
    }
}
