using System.Globalization;
using System.Text;
using Lodestone.Datasets;
using Lodestone.Drift;
using Lodestone.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>
/// A person checks whether new data still looks like what a model learnt from: from the model's versions to the
/// version's drift reports, then one report with each column's test and the two distributions over each other.
/// </summary>
public sealed class DriftJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task A_drift_report_shows_each_columns_test_and_the_two_distributions_of_a_chosen_column()
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Magnetometers");
        Directory.CreateDirectory(Server.DataFolder);
        Guid training, shifted;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var datasets = scope.ServiceProvider.GetRequiredService<DatasetService>();
            training = (await datasets.ImportAsync(projectId, "march", await WriteAsync("march.csv", 0, 1), "march.csv", null, userId)).Dataset.Id;
            shifted = (await datasets.ImportAsync(projectId, "april", await WriteAsync("april.csv", 0.6, 2), "april.csv", null, userId)).Dataset.Id;
        }
        var run = await TrainToEndAsync(projectId, userId, training, "field v1", "isolation-forest", new { modelName = "field-detector", window = new { length = 20, stride = 20 } });
        DriftReport report;
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var version = (await scope.ServiceProvider.GetRequiredService<ModelRegistry>().ProducedByAsync([run.Id]))[run.Id];
            report = await scope.ServiceProvider.GetRequiredService<DriftService>().CompareAsync(version, DriftComparison.Of(shifted, null, null, null, null), userId);
        }

        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);
        await page.GotoAsync($"/projects/{projectId}/models/field-detector");
        await page.Locator("#versions-table").GetByRole(AriaRole.Link, new() { Name = "drift" }).ClickAsync();
        await page.WaitForURLAsync($"**/projects/{projectId}/drift?versionId=*");
        var reports = page.Locator("#drift-reports tbody tr");
        await Assertions.Expect(reports).ToHaveCountAsync(1);
        await Assertions.Expect(reports.First).ToContainTextAsync("april");
        await Assertions.Expect(reports.First).ToContainTextAsync("2 of 3");
        await Assertions.Expect(reports.First).ToContainTextAsync("drifted");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("60-drift-reports"), FullPage = true });

        await reports.First.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync($"**/projects/{projectId}/drift/{report.Id}");
        await Assertions.Expect(page.Locator("#drift-verdict")).ToHaveTextAsync("Drifted");
        var columns = page.Locator("#drift-columns tbody tr");
        await Assertions.Expect(columns).ToHaveCountAsync(3);
        await Assertions.Expect(columns.Nth(1)).ToContainTextAsync("b_y");
        await Assertions.Expect(columns.Nth(1)).ToContainTextAsync("Wasserstein (normed)");
        await Assertions.Expect(columns.Nth(1)).ToContainTextAsync("no");
        await Assertions.Expect(columns.Nth(0)).ToContainTextAsync("yes");
        // 30 bins, a bar for each sample in each.
        await Assertions.Expect(page.Locator("#drift-histogram rect")).ToHaveCountAsync(60);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("61-drift-report"), FullPage = true });

        // Choosing a column by its row (once the circuit is live) draws that column's distributions.
        for (var attempt = 0; attempt < 50 && !(await page.Locator(".mud-select").First.InnerTextAsync()).Contains("b_y"); attempt++)
        {
            await columns.Nth(1).ClickAsync();
            await page.WaitForTimeoutAsync(200);
        }
        await Assertions.Expect(page.Locator(".mud-select").First).ToContainTextAsync("b_y");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("62-drift-report-column"), FullPage = true });

        // An editor compares the training recording itself from the reports page: no drift.
        await page.GetByRole(AriaRole.Link, new() { Name = "all reports of this version" }).ClickAsync();
        await page.WaitForURLAsync($"**/projects/{projectId}/drift?versionId=*");
        var item = page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "march" });
        for (var attempt = 0; attempt < 50 && await item.CountAsync() == 0; attempt++)
        {
            await page.Locator("#drift-dataset").Locator("..").ClickAsync();
            await page.WaitForTimeoutAsync(200);
        }
        await item.ClickAsync();
        await page.Locator("#drift-compare").ClickAsync();
        await Assertions.Expect(page.Locator("#drift-verdict")).ToHaveTextAsync("No drift");
        await Assertions.Expect(page.Locator("#drift-columns tbody tr", new() { HasText = "yes" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("63-drift-report-no-drift"), FullPage = true });
    }

    private async Task<string> WriteAsync(string name, double shift, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("timestamp,b_x,b_y,b_z\n");
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(seed * 30);
        for (var i = 0; i < 3000; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddMilliseconds(100 * i):yyyy-MM-ddTHH:mm:ss.fffZ},{20 + shift + random.NextDouble():F3},{-5 + random.NextDouble():F3},{40 - shift + random.NextDouble():F3}\n");
        var path = Path.Combine(Server.DataFolder, name);
        await File.WriteAllTextAsync(path, csv.ToString());
        return path;
    }
}
