using System.Text.RegularExpressions;
using Lodestone.Datasets;
using Lodestone.Models;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>
/// A person looks after a detector's models: the project's models list, a model's versions, its metrics across versions
/// with the best starred, its lineage graph with a clone, two versions compared, an alias set and removed, metadata
/// edited and a clone made from the page.
/// </summary>
public sealed class ModelPagesJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task A_model_page_shows_versions_metrics_lineage_and_comparison_and_edits_aliases_metadata_and_clones()
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Valves");
        Directory.CreateDirectory(Server.DataFolder);
        var csv = Path.Combine(Server.DataFolder, "valve.csv");
        await File.WriteAllBytesAsync(csv, SkabSizedRecording.Csv());
        Guid datasetId;
        await using (var scope = Server.Services.CreateAsyncScope())
            datasetId = (await scope.ServiceProvider.GetRequiredService<DatasetService>().ImportAsync(projectId, "valve", csv, "valve.csv", null, userId)).Dataset.Id;
        object Config(int trees) => new { trees, seed = 1, modelName = "valve-detector", window = new { length = 8, stride = 4, labelChannel = "anomaly" } };
        var first = await TrainToEndAsync(projectId, userId, datasetId, "valve v1", "isolation-forest", Config(50));
        ModelVersion v1;
        await using (var scope = Server.Services.CreateAsyncScope())
            v1 = (await scope.ServiceProvider.GetRequiredService<ModelRegistry>().ProducedByAsync([first.Id]))[first.Id];
        await TrainToEndAsync(projectId, userId, datasetId, "valve v2", "isolation-forest", Config(100), v1.Id);
        await using (var scope = Server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ModelCatalog>().CloneAsync(projectId, "valve-detector", "valve-detector-copy", false, user);

        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);
        await page.GotoAsync($"/projects/{projectId}");
        await page.Locator("#open-models").ClickAsync();
        await page.WaitForURLAsync($"**/projects/{projectId}/models");
        var table = page.Locator("#models-table");
        await Assertions.Expect(table).ToContainTextAsync("valve-detector-copy");
        await Assertions.Expect(table.Locator("tr", new() { HasText = "isolation-forest" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("50-models-list"), FullPage = true });

        await table.GetByRole(AriaRole.Link, new() { Name = "valve-detector", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#model-name")).ToHaveTextAsync("valve-detector");
        var versions = page.Locator("#versions-table tbody tr");
        await Assertions.Expect(versions).ToHaveCountAsync(2);
        await Assertions.Expect(versions.First).ToContainTextAsync("continues valve-detector v1");

        // An alias, set once the page's circuit is live (until then a click lands on the prerendered page).
        var alias = page.Locator("#model-aliases [data-alias='production']");
        for (var attempt = 0; attempt < 50 && await alias.CountAsync() == 0; attempt++)
        {
            await page.Locator("#set-alias").ClickAsync();
            await page.WaitForTimeoutAsync(200);
        }
        await Assertions.Expect(alias).ToContainTextAsync("production → v2");
        await Assertions.Expect(versions.First).ToContainTextAsync("production");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("51-model-versions"), FullPage = true });

        await page.GetByRole(AriaRole.Tab, new() { Name = "Metrics" }).ClickAsync();
        await Assertions.Expect(page.Locator("#best-metrics")).ToContainTextAsync("v");
        // Plotly draws after the tab renders: two versions on the line, the best of them starred.
        await page.WaitForFunctionAsync("() => { const el = document.getElementById('model-metrics-chart'); return el && el.data && el.data.length === 2 && el.data[0].x.length === 2; }");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("52-model-metrics"), FullPage = true });

        await page.GetByRole(AriaRole.Tab, new() { Name = "Lineage" }).ClickAsync();
        var graph = page.Locator("#lineage-graph");
        await Assertions.Expect(graph.Locator(".lineage-node")).ToHaveCountAsync(4);
        await Assertions.Expect(graph.Locator(".lineage-node.in-model")).ToHaveCountAsync(2);
        await Assertions.Expect(graph.Locator(".lineage-continued")).ToHaveCountAsync(2);
        await Assertions.Expect(graph.Locator(".lineage-cloned")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("53-model-lineage"), FullPage = true });

        await page.GetByRole(AriaRole.Tab, new() { Name = "Compare" }).ClickAsync();
        var comparison = page.Locator("#version-comparison");
        await Assertions.Expect(comparison).ToContainTextAsync("v2");
        await Assertions.Expect(comparison.Locator("tr", new() { HasText = "Trainer" })).ToContainTextAsync("isolation-forest");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("54-model-compare"), FullPage = true });

        await page.GetByRole(AriaRole.Tab, new() { Name = "Edit" }).ClickAsync();
        await page.Locator("#model-description").FillAsync("Valve faults, SKAB-sized test rig");
        await page.Locator("#model-tags").FillAsync("site=north");
        await page.Locator("#model-metadata").FillAsync("{ not json");
        await page.Locator("#save-model-metadata").ClickAsync();
        await Assertions.Expect(page.Locator("#model-metadata-editor")).ToContainTextAsync("Metadata is not JSON");
        await page.Locator("#model-metadata").FillAsync("{\"threshold\": 0.7}");
        await page.Locator("#save-model-metadata").ClickAsync();
        await Assertions.Expect(page.Locator("#model-description-text")).ToHaveTextAsync("Valve faults, SKAB-sized test rig");
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var model = await scope.ServiceProvider.GetRequiredService<ModelCatalog>().FindAsync(projectId, "valve-detector");
            Assert.Equal("north", model!.Tags["site"]);
            Assert.Equal(0.7, model.Metadata["threshold"].GetDouble());
        }

        await page.Locator("#clone-name").FillAsync("valve-detector-2");
        await page.Locator("#clone-model").ClickAsync();
        await page.WaitForURLAsync(new Regex("/models/valve-detector-2$"));
        await Assertions.Expect(page.Locator("#versions-table tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#versions-table")).ToContainTextAsync("cloned from valve-detector v2");

        // Removing the alias from the original.
        await page.GotoAsync($"/projects/{projectId}/models/valve-detector");
        var close = page.Locator("#model-aliases [data-alias='production'] button");
        for (var attempt = 0; attempt < 50 && await alias.CountAsync() > 0; attempt++)
        {
            if (await close.CountAsync() > 0) await close.First.ClickAsync();
            await page.WaitForTimeoutAsync(200);
        }
        await Assertions.Expect(alias).ToHaveCountAsync(0);
    }
}
