using System.Net;
using System.Net.Http.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Projects;

public sealed class ProjectRepairTests
{
    [Theory, StorageProviders]
    public async Task DemotingTheLastAdmin_IsRefusedWith400_AndTheProjectKeepsIt(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var owner = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner, "Keeps an admin");

        var demoted = await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{owner.UserName}", new { role = "Viewer" });

        Assert.Equal(HttpStatusCode.BadRequest, demoted.StatusCode);
        Assert.Contains("at least one admin", await demoted.Content.ReadAsStringAsync());
        var mine = await owner.Client.GetFromJsonAsync<ProjectSummary>($"/api/projects/{project}");
        Assert.Equal(ProjectRole.Admin, mine!.Role);
    }

    [Fact]
    public async Task DemotingAnAdmin_IsAllowed_WhenAnotherAdminRemains()
    {
        using var app = new LodestoneAppFactory();
        var owner = await app.CreateUserAsync();
        var second = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner, "Two admins");
        await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{second.UserName}", new { role = "Admin" });

        var demoted = await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{owner.UserName}", new { role = "Editor" });

        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
    }

    [Theory, StorageProviders]
    public async Task ASystemAdministrator_SeesAndRepairsAProjectTheyAreNoMemberOf(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var owner = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(administrator: true);
        var stranger = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner, "Needs repair");

        var all = await admin.Client.GetFromJsonAsync<List<ProjectSummary>>("/api/projects?all=true");
        var seen = await admin.Client.GetAsync($"/api/projects/{project}");
        var repaired = await admin.Client.PutAsJsonAsync($"/api/projects/{project}/members/{stranger.UserName}", new { role = "Admin" });

        Assert.Contains(all!, p => p.Id == project);
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repaired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stranger.Client.GetAsync($"/api/projects/{project}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.Client.GetAsync("/api/projects?all=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/api/projects/{Guid.NewGuid()}")).StatusCode);
    }
}
