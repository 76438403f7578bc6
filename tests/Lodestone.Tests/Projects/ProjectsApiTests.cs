using System.Net;
using System.Net.Http.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Projects;

public sealed class ProjectsApiTests
{
    [Theory, StorageProviders]
    public async Task Projects_AreListedOnlyForTheirMembers(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();

        var project = await LodestoneAppFactory.CreateProjectAsync(alice, "Pump station");

        var alices = await alice.Client.GetFromJsonAsync<List<ProjectSummary>>("/api/projects");
        var bobs = await bob.Client.GetFromJsonAsync<List<ProjectSummary>>("/api/projects");
        Assert.Equal(project, Assert.Single(alices!).Id);
        Assert.Empty(bobs!);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/projects/{project}")).StatusCode);
    }

    [Theory, StorageProviders]
    public async Task Viewer_CanReadButNotManageMembers(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var owner = await app.CreateUserAsync();
        var viewer = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);

        var added = await owner.Client.PutAsJsonAsync($"/api/projects/{project}/members/{viewer.UserName}", new { role = "Viewer" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await viewer.Client.GetAsync($"/api/projects/{project}")).StatusCode);
        var promote = await viewer.Client.PutAsJsonAsync($"/api/projects/{project}/members/{viewer.UserName}", new { role = "Admin" });
        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);
    }

    [Fact]
    public async Task Create_RejectsAnEmptyName_WithAClearMessage()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();

        var response = await user.Client.PostAsJsonAsync("/api/projects", new { name = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1 to 200 characters", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LastAdmin_CannotBeRemoved()
    {
        using var app = new LodestoneAppFactory();
        var owner = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);

        var response = await owner.Client.DeleteAsync($"/api/projects/{project}/members/{owner.Id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
