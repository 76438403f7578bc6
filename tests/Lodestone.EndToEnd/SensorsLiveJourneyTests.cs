using Lodestone.Sensors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>The project page's sensors table tells "no data yet" from online, and changes as soon as readings land.</summary>
public sealed class SensorsLiveJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task SensorTable_TurnsOnline_WhenReadingsArrive()
    {
        var (user, _, projectId) = await Server.CreateUserWithProjectAsync("Live site");
        await using (var scope = Server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<SensorService>().SaveAsync(projectId,
                new SensorDraft("probe-1", SensorKind.Magnetometer, "nT", Status: SensorStatus.Online));
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);

        await page.GotoAsync($"/projects/{projectId}");
        // The tabs answer once the page's circuit is live; a click on the prerendered page is lost.
        await Assertions.Expect(page.Locator("#dataset-upload[data-interactive=true]")).ToBeAttachedAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Sensors" }).ClickAsync();
        var status = page.Locator(".sensor-status[data-sensor='probe-1']");
        await Assertions.Expect(status).ToHaveTextAsync("No data yet");
        // The table subscribes once the page's circuit is live.
        await Assertions.Expect(page.Locator("#sensor-list[data-live=true]")).ToBeAttachedAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("30-sensors-no-data"), FullPage = true });

        // Pushed through the API with the browser's own session, as a sensor gateway would with its key.
        var now = DateTime.UtcNow;
        var pushed = await page.APIRequest.PostAsync($"/api/projects/{projectId}/readings", new()
        {
            DataObject = new object[]
            {
                new { sensorId = "probe-1", timestamp = now.ToString("O"), values = new { b_x = 19_500.0 } },
                new { sensorId = "probe-2", timestamp = new DateTime(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc).ToString("O"), values = new { b_x = 19_400.0 } },
            },
        });
        Assert.Equal(200, pushed.Status);

        await Assertions.Expect(status).ToHaveTextAsync("Online");
        // A sensor seen for the first time joins the table, silent since its only (old) reading.
        await Assertions.Expect(page.Locator(".sensor-status[data-sensor='probe-2']")).ToHaveTextAsync("Silent since 2026-05-01 08:00:00");
        await Assertions.Expect(page.Locator("#sensor-table")).ToContainTextAsync(now.ToString("yyyy-MM-dd HH:mm:ss"));
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("31-sensors-online"), FullPage = true });
    }
}
