using System.Text.Json;
using Lodestone.Datasets;
using Lodestone.Samples;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>
/// Pages that draw with JavaScript are first rendered on the server without a circuit (prerendered); opening one by its
/// address, as a bookmark or a shared link does, and leaving it must leave nothing in the server's error log.
/// </summary>
public sealed class DirectLoadJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task Dataset_run_training_and_project_pages_opened_by_address_log_no_error()
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Harbour site");
        Directory.CreateDirectory(Server.DataFolder);
        var csv = Path.Combine(Server.DataFolder, "harbour.csv");
        MagnetometerRecording.WriteCsv(csv, SampleRecordings.Small);
        Guid datasetId, runId;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            datasetId = (await scope.ServiceProvider.GetRequiredService<DatasetService>().ImportAsync(projectId, "harbour", csv, "harbour.csv", null, userId)).Dataset.Id;
            // Tracked from outside (no job to wait for): its page draws the same metrics chart as a native run's.
            runId = (await scope.ServiceProvider.GetRequiredService<TrainingService>().CreateExternalAsync(
                new NewRun(projectId, userId, "harbour notebook", "external", JsonSerializer.SerializeToElement(new { }), [datasetId]), null)).Id;
        }
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);

        await page.GotoAsync($"/projects/{projectId}/datasets/{datasetId}");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("buckets");
        await page.GotoAsync($"/projects/{projectId}/training/runs/{runId}");
        await Assertions.Expect(page.Locator("#run-breadcrumbs")).ToContainTextAsync("Training");
        await page.GotoAsync($"/projects/{projectId}/training");
        await Assertions.Expect(page.GetByText("Start a run")).ToBeVisibleAsync();
        await page.GotoAsync($"/projects/{projectId}");
        await Assertions.Expect(page.Locator("#dataset-upload[data-interactive=true]")).ToBeAttachedAsync();
        // Left through its breadcrumbs, the dataset page's chart is disposed by the live circuit.
        await page.GotoAsync($"/projects/{projectId}/datasets/{datasetId}");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("buckets");
        await page.Locator(".mud-breadcrumbs").GetByText("Harbour site").ClickAsync();
        await page.WaitForURLAsync($"**/projects/{projectId}");
        await Assertions.Expect(page.Locator("#dataset-chart")).ToHaveCountAsync(0);

        var errors = Server.Log.Errors;
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
