using System.Globalization;
using System.Text;
using Lodestone.Datasets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>A person starts a run on a recording whose <c>anomaly</c> column marks faults, and the suggestion reads it.</summary>
public sealed class SuggestedSettingsJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task TheStartForm_OffersTheAnomalyChannel_AndSuggestsAWindowFromItsFaults()
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Pumps");
        Directory.CreateDirectory(Server.DataFolder);
        var csv = Path.Combine(Server.DataFolder, "pump.csv");
        var builder = new StringBuilder("timestamp,pressure,anomaly,sensor_id\n");
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 10_000; i++)
        {
            var fault = i is >= 2_000 and < 3_000 or >= 6_000 and < 6_400 or >= 9_000 and < 9_200;
            builder.Append(CultureInfo.InvariantCulture, $"{start.AddMilliseconds(i * 10):yyyy-MM-ddTHH:mm:ss.fff},{(fault ? 3.5 : 1.0):F1},{(fault ? 1 : 0)},pump-1\n");
        }
        await File.WriteAllTextAsync(csv, builder.ToString());
        await using (var scope = Server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatasetService>().ImportAsync(projectId, "pump", csv, "pump.csv", null, userId);
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);
        await page.GotoAsync($"/projects/{projectId}/training");

        await ChooseTrainerAsync(page, "lightgbm (Classification)");
        await page.Locator(".mud-select:has-text('Datasets')").First.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "pump" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(page.Locator(".mud-select:has-text('Label channel')").First).ToContainTextAsync("anomaly");
        // A name for the run's model is offered from the task and the dataset ('anomaly' says nothing a classifier's name would).
        await Assertions.Expect(page.Locator("#model-name")).ToHaveValueAsync("classifier");
        await page.Locator(".mud-select:has-text('Sensor')").First.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "pump-1" }).ClickAsync();
        await page.Locator("#suggest-settings").ClickAsync();
        await Assertions.Expect(page.GetByText("'anomaly' marks 3 anomaly range(s)")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Windows per label from 'anomaly': Anomaly 30, Normal 125.")).ToBeVisibleAsync();
        // A per-sensor model's name starts with its sensor.
        await Assertions.Expect(page.Locator("#model-name")).ToHaveValueAsync("pump-1-classifier");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("21-suggested-from-label-channel"), FullPage = true });
        // The chosen sensor is in the suggested config, so the run reads only its rows.
        await page.Locator("#options-advanced").ClickAsync();
        await Assertions.Expect(page.Locator("#options-json")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"sensor\": \"pump-1\""));
    }
}
