using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lodestone.Training;

/// <summary>The training pages render (server prerendering) for a signed-in member, with the project's runs on them.</summary>
// App hosts that train runs take turns: they share two cores, and Hangfire keeps some process-wide state (its global configuration and log provider).
[Collection(AppHostsCollection.Name)]
public class TrainingPagesTests : IClassFixture<TrainingAppFactory>
{
    private readonly TrainingAppFactory _app;

    public TrainingPagesTests(TrainingAppFactory app) => _app = app;

    [Fact]
    public async Task The_dashboard_and_the_run_page_show_a_tracked_run()
    {
        var (api, _, _) = await _app.CreateUserAsync("page-user");
        var project = await TrainingAppFactory.CreateProjectAsync(api);
        var run = await (await api.PostAsJsonAsync($"/api/projects/{project}/runs", new { external = true, name = "page-run-42", monitor = "loss" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("id").GetGuid();
        await api.PostAsJsonAsync($"/api/projects/{project}/runs/{runId}/metrics", new { metrics = new[] { new { key = "loss", step = 0, value = 0.5 } } });
        await api.PostAsJsonAsync($"/api/projects/{project}/runs/{runId}/logs", new { lines = new[] { new { level = "Information", message = "epoch zero done" } } });

        var browser = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "page-user", ["password"] = Infrastructure.LodestoneAppFactory.Password, ["returnUrl"] = "/projects",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/projects", signIn.Headers.Location?.ToString());

        var dashboard = await browser.GetStringAsync($"/projects/{project}/training");
        Assert.Contains("page-run-42", dashboard);
        Assert.Contains("Leaderboard", dashboard);
        Assert.Matches(@"id=""card-best""[^>]*>\s*<[^>]*>Best loss<", dashboard);

        // A second run with a lower loss: the card follows the monitored metric's direction (loss: lower is better).
        var better = await (await api.PostAsJsonAsync($"/api/projects/{project}/runs", new { external = true, name = "page-run-43", monitor = "loss", monitorGoal = "Minimize" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        await api.PostAsJsonAsync($"/api/projects/{project}/runs/{better.GetProperty("id").GetGuid()}/metrics", new { metrics = new[] { new { key = "loss", step = 0, value = 0.25 } } });
        dashboard = await browser.GetStringAsync($"/projects/{project}/training");
        Assert.Matches(@"id=""card-best""[^>]*>\s*<[^>]*>Best loss</[^>]*>\s*<[^>]*>0\.25<", dashboard);

        var page = await browser.GetStringAsync($"/projects/{project}/training/runs/{runId}");
        Assert.Contains("page-run-42", page);
        Assert.Contains("epoch zero done", page);
    }
}
