using Lodestone.Datasets;
using Lodestone.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>A recording of several sensors draws one trace per sensor, with a legend and a sensor picker, at any width.</summary>
public sealed class MultiSensorChartJourneyTests : BrowserTest
{
    private async Task<(string User, Guid ProjectId, Guid DatasetId)> ImportAsync(int sensors, TimeSpan duration)
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Sensor field");
        Directory.CreateDirectory(Server.DataFolder);
        var csv = Path.Combine(Server.DataFolder, $"sensors-{sensors}.csv");
        MagnetometerRecording.WriteCsv(csv, new RecordingOptions { Duration = duration, SensorCount = sensors, Seed = 11, Rates = EventRates.None });
        await using var scope = Server.Services.CreateAsyncScope();
        var (dataset, _) = await scope.ServiceProvider.GetRequiredService<DatasetService>()
            .ImportAsync(projectId, $"{sensors} sensors", csv, $"sensors-{sensors}.csv", null, userId);
        return (user, projectId, dataset.Id);
    }

    private static ILocator LegendEntries(IPage page) => page.Locator("#dataset-chart .legend .traces");

    [BrowserFact]
    public async Task Chart_DrawsOneTracePerSensor_WithTwoSensors()
    {
        var (user, projectId, datasetId) = await ImportAsync(2, TimeSpan.FromMinutes(2));
        var page = await NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await LodestoneServer.SignInAsync(page, user);

        await page.GotoAsync($"/projects/{projectId}/datasets/{datasetId}");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("of 2 sensors");
        await Assertions.Expect(LegendEntries(page)).ToHaveCountAsync(2);
        // b_x, b_y, b_z for each of the two sensors, each a min/max envelope; two sensors need no picker.
        Assert.Equal(12, await page.Locator("#dataset-chart .scatterlayer .trace").CountAsync());
        Assert.Equal(0, await page.Locator("#sensor-picker").CountAsync());
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("20-sensors-2-components"), FullPage = true });

        // Hidden from the legend, a sensor stays hidden when a zoom fetches the range's raw samples.
        await LegendEntries(page).Filter(new() { HasText = "mag-02" }).ClickAsync();
        await Assertions.Expect(page.Locator("#dataset-chart .scatterlayer .trace")).ToHaveCountAsync(6);
        var plot = await page.Locator("#dataset-chart .draglayer .xy .nsewdrag").BoundingBoxAsync();
        await page.Mouse.MoveAsync(plot!.X + plot.Width * 0.40f, plot.Y + plot.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(plot.X + plot.Width * 0.45f, plot.Y + plot.Height / 2, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("raw samples of 2 sensors");
        Assert.Equal(3, await page.Locator("#dataset-chart .scatterlayer .trace").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>(
            "() => document.getElementById('dataset-chart').data.filter(t => t.legendgroup === 'mag-02').every(t => t.visible === 'legendonly')"));
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("20-sensors-2-zoomed-one-hidden"), FullPage = true });
        await page.GetByText("Whole range").ClickAsync();
        await LegendEntries(page).Filter(new() { HasText = "mag-02" }).ClickAsync();
        await Assertions.Expect(page.Locator("#dataset-chart .scatterlayer .trace")).ToHaveCountAsync(12);

        await page.ClickAsync("#view-b-magnitude");
        await Assertions.Expect(LegendEntries(page)).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("21-sensors-2-magnitude"), FullPage = true });

        await page.ClickAsync("#view-3d-field");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("field vectors");
        // Each sensor's swatch in the legend has its path's colour (they were all black), and clicking one hides its path.
        await Assertions.Expect(LegendEntries(page)).ToHaveCountAsync(2);
        var swatches = await page.Locator("#dataset-chart .legend .traces .legendlines path").EvaluateAllAsync<string[]>("els => els.map(e => getComputedStyle(e).stroke)");
        Assert.Equal(2, swatches.Distinct().Count());
        Assert.DoesNotContain("rgb(0, 0, 0)", swatches);
        await LegendEntries(page).Filter(new() { HasText = "mag-02" }).ClickAsync();
        // Plotly acts on a legend click once a double click can no longer follow.
        await page.WaitForFunctionAsync(
            "() => document.getElementById('dataset-chart').data.filter(t => t.legendgroup === 'mag-02').every(t => t.visible === 'legendonly')");
        Assert.True(await page.EvaluateAsync<bool>(
            "() => document.getElementById('dataset-chart').data.filter(t => t.legendgroup === 'mag-01').every(t => t.visible !== 'legendonly')"));
        await LegendEntries(page).Filter(new() { HasText = "mag-02" }).ClickAsync();
        await page.WaitForFunctionAsync(
            "() => document.getElementById('dataset-chart').data.every(t => t.visible !== 'legendonly')");
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("22-sensors-2-3d"), FullPage = true });

        await page.ClickAsync("#view-statistics");
        await Assertions.Expect(page.Locator("#channel-statistics")).ToContainTextAsync("|B|");
        await Assertions.Expect(page.Locator("#chart-status")).ToHaveCountAsync(0);
        await page.Locator("#statistics-sensor").GetByRole(AriaRole.Button, new() { Name = "mag-02", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#statistics-rows")).ToContainTextAsync("rows of mag-02");
        await Assertions.Expect(page.Locator("#statistics-sensor [aria-pressed=true]")).ToHaveTextAsync("mag-02");
        // The buttons' colours fade over a fraction of a second.
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("23-sensors-2-statistics"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        foreach (var (view, name) in new[] { ("#view-components", "components"), ("#view-b-magnitude", "magnitude"), ("#view-3d-field", "3d"), ("#view-statistics", "statistics") })
        {
            await page.ClickAsync(view);
            await Assertions.Expect(page.Locator($"{view}[aria-pressed=true]")).ToBeAttachedAsync();
            await page.WaitForTimeoutAsync(700);
            await page.ScreenshotAsync(new() { Path = Screenshots.PathFor($"24-sensors-2-390px-{name}"), FullPage = true });
        }
        // Nothing wider than the phone's screen: the view buttons wrap.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 392"));
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task Chart_ShowsTheFirstSixOfTenSensors_AndAPickedSeventh()
    {
        var (user, projectId, datasetId) = await ImportAsync(10, TimeSpan.FromSeconds(40));
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);

        await page.GotoAsync($"/projects/{projectId}/datasets/{datasetId}");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("of 6 sensors");
        await Assertions.Expect(LegendEntries(page)).ToHaveCountAsync(6);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("25-sensors-10-first-six"), FullPage = true });
        await page.Locator(".mud-select:has-text('Sensors')").First.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "mag-09" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(LegendEntries(page)).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("of 7 sensors");
        await Assertions.Expect(LegendEntries(page).Filter(new() { HasText = "mag-09" })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("26-sensors-10-picked"), FullPage = true });

        await page.ClickAsync("#view-statistics");
        await page.Locator("#statistics-sensor").GetByRole(AriaRole.Button, new() { Name = "mag-10", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#statistics-rows")).ToContainTextAsync("rows of mag-10");
        await Assertions.Expect(page.Locator("#statistics-sensor [aria-pressed=true]")).ToHaveTextAsync("mag-10");
        // The buttons' colours fade over a fraction of a second.
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("27-sensors-10-statistics"), FullPage = true });
    }
}
