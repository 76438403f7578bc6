using System.Text.Json;
using Lodestone.Datasets;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>
/// A person opens a finished detector run and a finished classifier run on a SKAB valve recording: single-step results
/// read as figures (no one-point curve), numbers are rounded, the held-out plots are the report's SVGs at a readable
/// size, and breadcrumbs lead back to the training page.
/// </summary>
public sealed class RunPageJourneyTests : BrowserTest
{
    private static readonly string[] ValveChannels =
        ["Accelerometer1RMS", "Accelerometer2RMS", "Current", "Pressure", "Temperature", "Thermocouple", "Voltage", "Volume Flow RateRMS", "anomaly"];

    [BrowserFact]
    public async Task Detector_and_classifier_run_pages_show_figures_plots_and_breadcrumbs()
    {
        var valve = FindValveRecording();
        if (valve is null) return;
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Valves");
        Guid datasetId;
        await using (var scope = Server.Services.CreateAsyncScope())
            datasetId = (await scope.ServiceProvider.GetRequiredService<DatasetService>().ImportAsync(projectId, "valve1-0", valve, "valve1-0.csv",
                new CsvMapping("datetime", Separator: ';', Channels: ValveChannels), userId)).Dataset.Id;
        var detector = (await TrainToEndAsync(projectId, userId, datasetId, "valve detector", "isolation-forest",
            new { window = new { length = 1, stride = 1, labelChannel = "anomaly" }, contamination = 0.05, seed = 0 })).Id;
        var classifier = (await TrainToEndAsync(projectId, userId, datasetId, "valve classifier", "lightgbm",
            new { window = new { length = 8, stride = 4, labelChannel = "anomaly" } })).Id;

        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);
        foreach (var (run, shot) in new[] { (detector, "20-run-detector"), (classifier, "21-run-classifier") })
        {
            await page.GotoAsync($"/projects/{projectId}/training/runs/{run}");
            await Assertions.Expect(page.Locator("#run-breadcrumbs")).ToContainTextAsync("Training");
            await Assertions.Expect(page.Locator("#run-figures")).ToBeVisibleAsync();
            // The report's SVGs, drawn with real text, at most 640 px wide.
            var plots = page.Locator(".run-report-plot svg");
            await Assertions.Expect(plots.First).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("img.run-report-plot").CountAsync());
            Assert.True(await plots.First.Locator("text").CountAsync() > 0);
            var widest = await plots.EvaluateAllAsync<double>("els => Math.max(...els.map(e => e.getBoundingClientRect().width))");
            Assert.InRange(widest, 300, 640);
            // No figure is printed with more than a few decimals.
            var figures = await page.Locator("#run-figures .mud-typography-h6").AllInnerTextsAsync();
            Assert.All(figures, f => Assert.DoesNotMatch(@"\d\.\d{4,}", f));
            await page.ScreenshotAsync(new() { Path = Screenshots.PathFor(shot), FullPage = true });
        }
        // The detector's metrics all have one step: no chart at all.
        await page.GotoAsync($"/projects/{projectId}/training/runs/{detector}");
        await Assertions.Expect(page.Locator("#run-figures")).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => { const el = document.getElementById('run-metrics'); return el && el.data ? el.data.length : 0; }"));
        await page.Locator("#run-breadcrumbs").GetByText("Training").ClickAsync();
        await page.WaitForURLAsync($"**/projects/{projectId}/training");
    }

    private static string? FindValveRecording()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "shared", "datasets", "skab", "valve1", "0.csv");
            if (File.Exists(file)) return file;
        }
        return null;
    }
}
