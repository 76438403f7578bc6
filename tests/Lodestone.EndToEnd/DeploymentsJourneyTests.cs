using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>The deployments page, reached from the project page: what is deployed, what it serves, and its recent requests.</summary>
public sealed class DeploymentsJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task The_deployments_page_shows_a_serving_deployment_its_version_and_the_requests_it_answered()
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Fan line");
        using var api = await ApiClientAsync(userId);
        var dataset = await UploadAsync(api, projectId);
        var run = await Json(await api.PostAsJsonAsync($"/api/projects/{projectId}/runs", new
        {
            trainerKind = "lightgbm", datasetIds = new[] { dataset },
            config = new { iterations = 10, window = new { length = 20, stride = 20, labelChannel = "fault" }, modelName = "fan" },
        }));
        for (var i = 0; i < 300 && (await Json(await api.GetAsync($"/api/projects/{projectId}/runs/{run.GetProperty("id")}"))).GetProperty("state").GetString() != "Completed"; i++)
            await Task.Delay(200);
        (await api.PostAsJsonAsync($"/api/projects/{projectId}/deployments", new { name = "fan-live", model = "fan", version = 1 })).EnsureSuccessStatusCode();
        var window = new Dictionary<string, float[]>
        {
            ["b_x"] = [.. Enumerable.Repeat(20.5f, 20)], ["b_y"] = [.. Enumerable.Repeat(-4.5f, 20)], ["b_z"] = [.. Enumerable.Repeat(40.5f, 20)],
        };
        for (var i = 0; i < 5; i++)
            (await api.PostAsJsonAsync($"/api/projects/{projectId}/deployments/fan-live/predict", new { windows = new[] { window } })).EnsureSuccessStatusCode();
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);

        await page.GotoAsync($"/projects/{projectId}");
        // A click on the prerendered page is lost; the link answers once the page's circuit is live.
        await Assertions.Expect(page.Locator("#dataset-upload[data-interactive=true]")).ToBeAttachedAsync();
        await page.ClickAsync("#open-deployments");
        await page.WaitForURLAsync($"**/projects/{projectId}/deployments");

        var row = page.Locator("#deployment-fan-live");
        await Assertions.Expect(row).ToContainTextAsync("serving");
        await Assertions.Expect(row).ToContainTextAsync("fan v1 (lightgbm)");
        // Requests in the last minute, failed, mean latency, since start.
        await Assertions.Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("5");
        await Assertions.Expect(row.Locator("td").Nth(6)).ToHaveTextAsync("0");
        await Assertions.Expect(row.Locator("td").Nth(7)).ToContainTextAsync(" ms");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("40-deployments"), FullPage = true });
        // The page redraws its counters every 2 s while it is open.
        (await api.PostAsJsonAsync($"/api/projects/{projectId}/deployments/fan-live/predict", new { windows = new[] { window } })).EnsureSuccessStatusCode();
        await Assertions.Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("6");
        Assert.Empty(Server.Log.Errors);
    }

    private async Task<HttpClient> ApiClientAsync(Guid userId)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var (_, key) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateApiKeyAsync(userId, "journey");
        var client = new HttpClient { BaseAddress = Server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<Guid> UploadAsync(HttpClient api, Guid projectId)
    {
        var random = new Random(5);
        var csv = new StringBuilder("timestamp,b_x,b_y,b_z,fault\n");
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 600; i++)
        {
            var shift = i / 30 % 3 == 2 ? 3.0 : 0.0;
            csv.Append(CultureInfo.InvariantCulture,
                $"{start.AddMilliseconds(100 * i):yyyy-MM-ddTHH:mm:ss.fffZ},{20 + shift + random.NextDouble():F3},{-5 + random.NextDouble():F3},{40 - shift + random.NextDouble():F3},{(shift > 0 ? 1 : 0)}\n");
        }
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "fan.csv");
        return (await Json(await api.PostAsync($"/api/projects/{projectId}/datasets", form))).GetProperty("dataset").GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
