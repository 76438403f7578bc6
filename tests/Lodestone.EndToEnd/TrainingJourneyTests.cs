using System.Text.Json;
using System.Text.RegularExpressions;
using Lodestone.Datasets;
using Lodestone.Samples;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>A person watches a deep model train on a recording: the run page's metric chart grows epoch by epoch.</summary>
public sealed class TrainingJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task TheRunPage_ShowsEpochsArrive_Live()
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Quay");
        var csv = Path.Combine(Server.DataFolder, "quay.csv");
        Directory.CreateDirectory(Server.DataFolder);
        MagnetometerRecording.WriteCsv(csv, SampleRecordings.Small);
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);

        Guid runId;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var (dataset, _) = await scope.ServiceProvider.GetRequiredService<DatasetService>()
                .ImportAsync(projectId, "quay", csv, "quay.csv", null, userId);
            var config = JsonSerializer.SerializeToElement(new
            {
                epochs = 30, batchSize = 16, hiddenSize = 32, earlyStoppingPatience = 30, threads = 1,
                window = new { length = 32, stride = 4, channels = new[] { "b_x", "b_y", "b_z" } },
            });
            var run = await scope.ServiceProvider.GetRequiredService<TrainingService>()
                .CreateInternalAsync(new NewRun(projectId, userId, "quay conv-AE", "conv-autoencoder", config, [dataset.Id]));
            runId = run.Id;
        }

        await page.GotoAsync($"/projects/{projectId}/training/runs/{runId}");
        var progress = page.Locator("#run-progress");
        await Assertions.Expect(progress).ToContainTextAsync(new Regex(@"\b[1-9]\d* of 30"), new() { Timeout = 60_000 });
        var early = await PointsOnChartAsync(page);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("10-run-live"), FullPage = true });

        await RunPageWait.ForTextAsync(Server, progress, runId, "30 of 30", 120_000);
        await RunPageWait.ForTextAsync(Server, page.Locator(".run-state").First, runId, "Completed", 30_000);
        var late = await PointsOnChartAsync(page);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("11-run-completed"), FullPage = true });

        await page.GotoAsync($"/projects/{projectId}/training");
        // The tabs answer once the page's circuit is live; until then a click lands on the prerendered page.
        var history = page.GetByRole(AriaRole.Tab, new() { Name = "History" });
        for (var attempt = 0; attempt < 50 && await history.GetAttributeAsync("aria-selected") != "true"; attempt++)
        {
            await history.ClickAsync();
            await page.WaitForTimeoutAsync(100);
        }
        await Assertions.Expect(page.GetByText("quay conv-AE").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("12-training-dashboard"), FullPage = true });

        Assert.True(late > early, $"The chart should grow as epochs arrive without a reload: {early} points early, {late} at the end.");
    }

    private static Task<int> PointsOnChartAsync(IPage page) => page.EvaluateAsync<int>("""
        () => { const el = document.getElementById('run-metrics');
                return el && el.data ? el.data.reduce((n, t) => n + (t.x ? t.x.length : 0), 0) : 0; }
        """);
}
