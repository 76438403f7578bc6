using System.Text.RegularExpressions;
using Lodestone.Datasets;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>
/// A person's first deep run on a file of SKAB's size (about 1,150 rows at 1 Hz, eight channels and an anomaly column):
/// Suggest settings, a value out of range refused with the server's words and JSON path, then a run that completes
/// with an evaluation report.
/// </summary>
public sealed class DeepRunJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task ASuggestedConvAutoencoderRun_OnASkabSizedFile_CompletesWithAReport_AfterAnOutOfRangeValueIsRefused()
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Valves");
        Directory.CreateDirectory(Server.DataFolder);
        var csv = Path.Combine(Server.DataFolder, "valve.csv");
        await File.WriteAllBytesAsync(csv, SkabSizedRecording.Csv());
        await using (var scope = Server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatasetService>().ImportAsync(projectId, "valve", csv, "valve.csv", null, userId);
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);
        await page.GotoAsync($"/projects/{projectId}/training");

        await ChooseTrainerAsync(page, "conv-autoencoder (AnomalyDetection)");
        await page.Locator(".mud-select:has-text('Datasets')").First.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "valve" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".mud-select:has-text('Label channel')").First).ToContainTextAsync("anomaly");
        await page.Locator("#suggest-settings").ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex(@"^\d+ epochs at learning rate"))).ToBeVisibleAsync();
        var epochs = page.GetByLabel("Epochs");
        var suggested = await epochs.InputValueAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("30-deep-suggested"), FullPage = true });

        await epochs.FillAsync("0");
        await epochs.BlurAsync();
        await Assertions.Expect(page.Locator("#options-form")).ToContainTextAsync("Must be between 1 and 10000; it is 0.");
        var start = page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true });
        await start.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-alert").First).ToContainTextAsync("$.config.epochs: must be between 1 and 10000; it is 0");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("31-deep-out-of-range"), FullPage = true });

        await epochs.FillAsync(suggested);
        await epochs.BlurAsync();
        await Assertions.Expect(page.Locator("#options-form")).Not.ToContainTextAsync("Must be between");
        await start.ClickAsync();
        await page.WaitForURLAsync(new Regex("/training/runs/[0-9a-f-]+$"));
        var runId = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        await RunPageWait.ForTextAsync(Server, page.Locator(".run-state").First, runId, "Completed", 180_000);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".run-state").First).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Evaluation report" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The form's offered model name, from the task (the 'anomaly' channel's labels say nothing a name would).
        await Assertions.Expect(page.GetByText("Registered anomaly-detector v1")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("32-deep-run-report"), FullPage = true });
    }
}
