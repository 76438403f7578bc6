using System.Text.Json;
using Lodestone.Datasets;
using Lodestone.Predictions;
using Lodestone.Samples;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>
/// A person trains a detector and a classifier on a recording with faults: the detector's run page shows its score over
/// the training data with its threshold and what it flagged, and the dataset chart draws either model's predictions
/// (the score on its own axis, the classes as bands) over the samples, fetched again for each zoom.
/// </summary>
public sealed class PredictionOverlayJourneyTests : BrowserTest
{
    private static readonly object Window = new { length = 50, stride = 25, channels = new[] { "b_x", "b_y", "b_z" } };

    [BrowserFact]
    public async Task A_detectors_scores_show_on_its_run_page_and_both_models_predictions_over_the_dataset_chart()
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Site survey");
        Directory.CreateDirectory(Server.DataFolder);
        var csv = Path.Combine(Server.DataFolder, "site.csv");
        MagnetometerRecording.WriteCsv(csv, SampleRecordings.Small, truthColumns: true);
        Guid datasetId;
        await using (var scope = Server.Services.CreateAsyncScope())
            datasetId = (await scope.ServiceProvider.GetRequiredService<DatasetService>().ImportAsync(projectId, "site survey", csv, "site.csv", null, userId)).Dataset.Id;
        var detector = await RunToEndAsync(projectId, userId, datasetId, "site detector", "pca", new { window = Window });
        var classifier = await RunToEndAsync(projectId, userId, datasetId, "site classifier", "lightgbm",
            new { window = new { length = 50, stride = 25, channels = new[] { "b_x", "b_y", "b_z" }, labelChannel = "anomaly" } });
        var scored = await WaitForBatchesAsync(projectId, b => b.SourceRunId == detector, 1);
        PredictionBatch classes;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var version = (await scope.ServiceProvider.GetRequiredService<Models.ModelRegistry>().ProducedByAsync([classifier]))[classifier];
            classes = await scope.ServiceProvider.GetRequiredService<PredictionService>()
                .CreateAsync(projectId, new NewPredictionBatch(version.ModelName, version.Number, null, datasetId, userId));
        }
        await WaitForBatchesAsync(projectId, b => b.Id == classes.Id, 1);
        // A classifier's run starts no batch of its own.
        await WaitForBatchesAsync(projectId, b => b.SourceRunId == classifier, 0);

        var page = await NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await LodestoneServer.SignInAsync(page, user);

        await page.GotoAsync($"/projects/{projectId}/training/runs/{detector}");
        var scores = page.Locator($"#detector-scores-{scored[0].Id:N}");
        await Assertions.Expect(page.Locator("#detector-scores")).ToContainTextAsync($"{scored[0].WindowCount:N0} windows, {scored[0].FlaggedCount:N0} flagged above the threshold");
        await page.WaitForFunctionAsync($"() => document.getElementById('detector-scores-{scored[0].Id:N}')?.data?.length > 0");
        var names = await scores.EvaluateAsync<string[]>("el => el.data.map(t => t.name)");
        Assert.Contains("score", names);
        Assert.Contains("flagged", names);
        Assert.Contains(names, n => n.StartsWith("threshold "));
        Assert.True(await scores.EvaluateAsync<int>("el => el.layout.shapes.length") > 0, "The flagged windows are shaded.");
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("40-run-detector-scores"), FullPage = true });

        await page.GotoAsync($"/projects/{projectId}/datasets/{datasetId}");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("samples");
        await ChooseAsync(page, $"{scored[0].ModelName} v{scored[0].VersionNumber}");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync($"{scored[0].WindowCount:N0} windows of {scored[0].ModelName}");
        var chart = page.Locator("#dataset-chart");
        Assert.Contains(await chart.EvaluateAsync<string[]>("el => el.data.map(t => t.name)"), n => n.StartsWith("threshold "));
        // The score has a row of its own below b_x, b_y and b_z, on the same time axis.
        Assert.Equal("y4", await chart.EvaluateAsync<string>("el => el.data.find(t => t.name === 'score').yaxis"));
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("41-dataset-detector-overlay"), FullPage = true });

        // A zoom fetches the windows of the new range: a few seconds hold only tens of them.
        var plot = await page.Locator("#dataset-chart .draglayer .xy .nsewdrag").BoundingBoxAsync();
        await page.Mouse.MoveAsync(plot!.X + plot.Width * 0.10f, plot.Y + plot.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(plot.X + plot.Width * 0.18f, plot.Y + plot.Height / 2, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("raw samples");
        var inRange = int.Parse(System.Text.RegularExpressions.Regex.Match(await page.Locator("#chart-status").InnerTextAsync(), @"(\d+) windows of").Groups[1].Value);
        Assert.InRange(inRange, 1, (int)scored[0].WindowCount - 1);
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("42-dataset-detector-overlay-zoomed"), FullPage = true });
        await page.GetByText("Whole range").ClickAsync();

        await ChooseAsync(page, $"{classes.ModelName} v{classes.VersionNumber}");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync($"windows of {classes.ModelName}");
        await page.WaitForFunctionAsync("() => document.getElementById('dataset-chart').data.some(t => t.name === 'Anomaly')");
        Assert.Contains("Normal", await chart.EvaluateAsync<string[]>("el => el.data.map(t => t.name)"));
        Assert.True(await chart.EvaluateAsync<int>("el => el.layout.shapes.length") > 1, "The classes are drawn as bands.");
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("43-dataset-classifier-bands"), FullPage = true });
        Assert.Empty(errors);
    }

    private static async Task ChooseAsync(IPage page, string model)
    {
        await page.Locator(".mud-select:has-text('Predictions')").First.ClickAsync();
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = model }).First.ClickAsync();
    }

    private async Task<List<PredictionBatch>> WaitForBatchesAsync(Guid projectId, Func<PredictionBatch, bool> which, int count)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            await using (var scope = Server.Services.CreateAsyncScope())
            {
                var batches = (await scope.ServiceProvider.GetRequiredService<PredictionService>().ListAsync(projectId)).Where(which).ToList();
                if (batches.Count == count && batches.All(b => b.IsFinal))
                {
                    Assert.All(batches, b => Assert.True(b.State == PredictionBatchState.Completed, $"A batch ended {b.State}: {b.Error}"));
                    return batches;
                }
                if (DateTime.UtcNow > giveUp) Assert.Fail($"Waited for {count} batches; there are {batches.Count}: {string.Join(", ", batches.Select(b => b.State))}.");
            }
            await Task.Delay(300);
        }
    }

    private async Task<Guid> RunToEndAsync(Guid projectId, Guid userId, Guid datasetId, string name, string trainer, object config)
    {
        Guid id;
        await using (var scope = Server.Services.CreateAsyncScope())
            id = (await scope.ServiceProvider.GetRequiredService<TrainingService>().CreateInternalAsync(
                new NewRun(projectId, userId, name, trainer, JsonSerializer.SerializeToElement(config), [datasetId]))).Id;
        var giveUp = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            await using (var scope = Server.Services.CreateAsyncScope())
            {
                var run = await scope.ServiceProvider.GetRequiredService<TrainingService>().Runs.FindAsync(id);
                if (run!.State == TrainingRunState.Completed) return id;
                if (run.State is TrainingRunState.Failed or TrainingRunState.Cancelled || DateTime.UtcNow > giveUp)
                    Assert.Fail($"{name} ended {run.State}: {run.FailureReason}");
            }
            await Task.Delay(500);
        }
    }
}
