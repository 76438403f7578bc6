using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Accounts;
using Lodestone.Infrastructure;

namespace Lodestone.Security;

/// <summary>What a page on another site (another port is another origin) can make a signed-in browser send with its cookie.</summary>
public sealed class CrossSiteRequestTests : IClassFixture<LodestoneAppFactory>
{
    private const string Elsewhere = "http://localhost:5999";
    private readonly LodestoneAppFactory _app;

    public CrossSiteRequestTests(LodestoneAppFactory app) => _app = app;

    private static HttpRequestMessage FormLikePost(string url, string body, string? origin, string? site = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (site is not null) request.Headers.Add("Sec-Fetch-Site", site);
        return request;
    }

    private async Task<List<string>> ProjectNamesAsync(TestUser user) =>
        (await user.Client.GetFromJsonAsync<List<JsonElement>>("/api/projects"))!.Select(p => p.GetProperty("name").GetString()!).ToList();

    [Theory]
    [InlineData(Elsewhere, "same-site")]
    [InlineData(Elsewhere, null)]
    [InlineData(null, null)]
    public async Task ATextPlainFormPostWithTheCookie_CreatesNoExperiment(string? origin, string? site)
    {
        var user = await _app.CreateUserAsync();
        var browser = BrowserSession.Client(_app, await BrowserSession.SignInAsync(_app, user.UserName));

        var response = await browser.SendAsync(FormLikePost("/api/2.0/mlflow/experiments/create", """{"name": "forged"}""", origin, site));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("forged", await ProjectNamesAsync(user));
    }

    [Fact]
    public async Task ACrossOriginRunDeleteWithTheCookie_LeavesTheRun()
    {
        var user = await _app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user, "Runs kept");
        var run = await (await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new { external = true })).Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("id").GetGuid();
        var browser = BrowserSession.Client(_app, await BrowserSession.SignInAsync(_app, user.UserName));

        var response = await browser.SendAsync(FormLikePost("/api/2.0/mlflow/runs/delete", $$"""{"run_id": "{{runId:N}}"}""", Elsewhere, "same-site"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var kept = await user.Client.GetFromJsonAsync<JsonElement>($"/api/2.0/mlflow/runs/get?run_id={runId:N}");
        Assert.Equal("active", kept.GetProperty("run").GetProperty("info").GetProperty("lifecycle_stage").GetString());
    }

    [Fact]
    public async Task ACrossOriginSignOut_LeavesTheSession()
    {
        var user = await _app.CreateUserAsync();
        var cookie = await BrowserSession.SignInAsync(_app, user.UserName);
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("Origin", Elsewhere);

        Assert.Equal(HttpStatusCode.Forbidden, (await BrowserSession.Client(_app, cookie).SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await BrowserSession.StatusOfMeAsync(_app, cookie));
    }

    [Fact]
    public async Task ACookieReadingPostWithoutToken_IsRefused_ButTheSamePostWithAnApiKeyIsNot()
    {
        var user = await _app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user, "Readings");
        var browser = BrowserSession.Client(_app, await BrowserSession.SignInAsync(_app, user.UserName));
        const string readings = "timestamp,sensor_id,b_x\n2026-01-01T00:00:00Z,s1,1.0\n";

        var forged = await browser.SendAsync(FormLikePost($"/api/projects/{project}/readings", readings, origin: null));
        var scripted = await user.Client.SendAsync(FormLikePost("/api/2.0/mlflow/experiments/create", """{"name": "by-key"}""", Elsewhere));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scripted.StatusCode);
        Assert.Contains("by-key", await ProjectNamesAsync(user));
    }

    [Fact]
    public async Task TheUploadScriptsHeader_LetsTheCookieUpload()
    {
        var user = await _app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user, "Uploads");
        var browser = BrowserSession.Client(_app, await BrowserSession.SignInAsync(_app, user.UserName));
        var csv = Encoding.UTF8.GetBytes("timestamp,sensor_id,b_x,b_y,b_z\n2026-01-01T00:00:00Z,s1,1,2,3\n2026-01-01T00:00:01Z,s1,1,2,3\n");

        var refused = await browser.PostAsync($"/api/projects/{project}/datasets", LodestoneAppFactory.UploadForm(csv, "a.csv"));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{project}/datasets") { Content = LodestoneAppFactory.UploadForm(csv, "b.csv") };
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        var accepted = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task ReadingExperimentZero_CreatesNoProject()
    {
        var user = await _app.CreateUserAsync();

        var get = await user.Client.GetAsync("/api/2.0/mlflow/experiments/get?experiment_id=0");
        var byName = await user.Client.GetAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byName.StatusCode);
        Assert.Empty(await ProjectNamesAsync(user));
    }

    [Fact]
    public async Task EveryResponse_CarriesTheSecurityHeaders()
    {
        var response = await _app.CreateClient().GetAsync("/");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }
}
