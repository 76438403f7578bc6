using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Training;

/// <summary>A run's report opens in the browser, sandboxed since it comes from our origin; its other files download.</summary>
public sealed class ArtifactContentTests : IClassFixture<LodestoneAppFactory>
{
    private readonly LodestoneAppFactory _app;

    public ArtifactContentTests(LodestoneAppFactory app) => _app = app;

    [Fact]
    public async Task Artifacts_ServeReportFilesInlineAndSandboxed_AndOtherFilesAsDownloads()
    {
        var user = await _app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var created = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new { name = "outside", external = true });
        var run = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var files = $"/api/projects/{project}/runs/{run}/artifacts";
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PutAsync($"{files}/report/report.html", new StringContent("<html><body>report</body></html>"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PutAsync($"{files}/report/plots/roc.svg", new StringContent("<svg/>"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PutAsync($"{files}/model/weights.bin", new ByteArrayContent([1, 2, 3]))).StatusCode);

        var html = await user.Client.GetAsync($"{files}/report/report.html");
        var svg = await user.Client.GetAsync($"{files}/report/plots/roc.svg");
        var model = await user.Client.GetAsync($"{files}/model/weights.bin");

        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Null(html.Content.Headers.ContentDisposition);
        Assert.StartsWith("sandbox;", html.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", html.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("sandbox;", svg.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("application/octet-stream", model.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", model.Content.Headers.ContentDisposition?.DispositionType);
    }
}
