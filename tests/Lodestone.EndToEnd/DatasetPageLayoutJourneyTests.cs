using System.Text.RegularExpressions;
using Lodestone.Datasets;
using Lodestone.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>The dataset page on a desktop and on a 390 px phone: nothing overlaps, nothing is cut off, numbers are rounded.</summary>
public sealed class DatasetPageLayoutJourneyTests : BrowserTest
{
    private const string Boxes = "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })";

    // Where an element's text and icons are drawn, also where they spill out of a box squeezed too narrow.
    private const string ContentBoxes = "els => els.map(e => { const range = document.createRange(); range.selectNodeContents(e); const r = range.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })";

    private async Task<(string User, Guid ProjectId, Guid DatasetId)> ImportSmallAsync()
    {
        var (user, userId, projectId) = await Server.CreateUserWithProjectAsync("Harbour site");
        Directory.CreateDirectory(Server.DataFolder);
        var csv = Path.Combine(Server.DataFolder, "harbour.csv");
        MagnetometerRecording.WriteCsv(csv, SampleRecordings.Small);
        await using var scope = Server.Services.CreateAsyncScope();
        var (dataset, _) = await scope.ServiceProvider.GetRequiredService<DatasetService>().ImportAsync(projectId, "harbour", csv, "harbour.csv", null, userId);
        return (user, projectId, dataset.Id);
    }

    [BrowserFact]
    public async Task At_390px_the_navigation_header_and_charts_fit_the_screen()
    {
        var (user, projectId, datasetId) = await ImportSmallAsync();
        var page = await NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/login");
        var signedOut = await page.Locator("header a[href='/'], header a[href='/login']").EvaluateAllAsync<double[][]>(ContentBoxes);
        Assert.Equal(2, signedOut.Length);
        Assert.True(signedOut[0][2] <= signedOut[1][0] && signedOut[1][2] <= 390, "the title and Sign in overlap or leave the screen");
        await LodestoneServer.SignInAsync(page, user);
        await page.GotoAsync($"/projects/{projectId}/datasets/{datasetId}");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("buckets");
        await Assertions.Expect(page.Locator("#dataset-chart .xtick").First).ToBeAttachedAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("40-dataset-390px-components"), FullPage = true });

        // The title, Projects, the account and Sign out sit side by side on the bar, none over another.
        var bar = await page.Locator("header a[href='/'], header a[href='/projects'], header a[href='/account'], header form[action='/account/logout'] button")
            .EvaluateAllAsync<double[][]>(ContentBoxes);
        Assert.Equal(4, bar.Length);
        for (var i = 1; i < bar.Length; i++) Assert.True(bar[i - 1][2] <= bar[i][0] + 0.5, $"item {i} starts at {bar[i][0]}, item {i - 1} ends at {bar[i - 1][2]}");
        Assert.All(bar, box => Assert.True(box[2] <= 390, $"an item ends at {box[2]}"));
        Assert.True(await page.Locator("header").EvaluateAsync<double>("e => e.getBoundingClientRect().height") < 70);

        // The dataset's name and its schema chip do not overlap; the view buttons stay on the screen.
        var header = await page.Locator("#dataset-title, .dataset-header .mud-chip").EvaluateAllAsync<double[][]>(Boxes);
        Assert.True(header[0][2] <= header[1][0] || header[0][3] <= header[1][1], "the title overlaps the schema chip");
        var buttons = await page.Locator(".view-buttons button").EvaluateAllAsync<double[][]>(Boxes);
        Assert.All(buttons, box => Assert.True(box[2] <= 390, $"a view button ends at {box[2]}"));

        // The sideways dates under the time axis are inside the chart, not cut off by its bottom edge.
        var chartBottom = await page.Locator("#dataset-chart .main-svg").First.EvaluateAsync<double>("e => e.getBoundingClientRect().bottom");
        var dates = await page.Locator("#dataset-chart .xtick text").EvaluateAllAsync<double[][]>(Boxes);
        Assert.All(dates, box => Assert.True(box[3] <= chartBottom + 0.5, $"a date ends at {box[3]}, the chart at {chartBottom}"));

        // The 3D scene is no taller than the screen is wide, so the cube is not cut off at both sides.
        await page.ClickAsync("#view-3d-field");
        await Assertions.Expect(page.Locator("#chart-status")).ToContainTextAsync("field vectors");
        await Assertions.Expect(page.Locator("#dataset-chart canvas").First).ToBeAttachedAsync();
        var size = await page.Locator("#dataset-chart").EvaluateAsync<double[]>("e => [e.clientWidth, e._fullLayout.height]");
        Assert.True(size[1] <= size[0] + 1, $"the scene is {size[0]} px wide and {size[1]} px tall");
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("41-dataset-390px-3d"), FullPage = true });

        // The statistics scroll sideways within their table, and each row keeps its channel's name in view.
        await page.ClickAsync("#view-statistics");
        await Assertions.Expect(page.Locator("#channel-statistics")).ToContainTextAsync("|B|");
        var table = page.Locator("#channel-statistics .mud-table-container");
        Assert.True(await table.EvaluateAsync<bool>("e => { e.scrollLeft = e.scrollWidth; return e.scrollLeft > 0; }"));
        var tableLeft = await table.EvaluateAsync<double>("e => e.getBoundingClientRect().left");
        var names = await page.Locator("#channel-statistics tbody tr > td:first-child").EvaluateAllAsync<double[][]>(Boxes);
        Assert.All(names, box => Assert.True(box[0] >= tableLeft - 0.5, $"a channel's name starts at {box[0]}, the table at {tableLeft}"));
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("44-dataset-390px-statistics-scrolled"), FullPage = true });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 392"));
    }

    [BrowserFact]
    public async Task Whole_range_appears_only_when_zoomed_and_hover_values_are_rounded()
    {
        var (user, projectId, datasetId) = await ImportSmallAsync();
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);
        await page.GotoAsync($"/projects/{projectId}/datasets/{datasetId}");
        var status = page.Locator("#chart-status");
        await Assertions.Expect(status).ToContainTextAsync("buckets");
        var wholeRange = page.GetByRole(AriaRole.Button, new() { Name = "Whole range" });
        Assert.Equal(0, await wholeRange.CountAsync());

        // Zoomed into ten seconds: raw samples, and the way back to the whole range.
        await page.EvaluateAsync("""
            () => { const el = document.getElementById('dataset-chart'); const r = el.layout.xaxis.range;
                    const start = new Date(r[0].replace(' ', 'T') + 'Z').getTime();
                    return Plotly.relayout(el, { 'xaxis.range': [start + 30000, start + 40000] }); }
            """);
        await Assertions.Expect(status).ToContainTextAsync("raw samples");
        await Assertions.Expect(wholeRange).ToBeVisibleAsync();

        // The latitude (48.137…) hovers as a few digits, not as 17 of them.
        await page.ClickAsync("#view-channels");
        await Assertions.Expect(status).ToContainTextAsync("raw samples");
        // b_x, b_y, b_z, lat: the fourth subplot.
        var plot = await page.Locator("#dataset-chart .draglayer .xy4 .nsewdrag").BoundingBoxAsync();
        await page.Mouse.MoveAsync(plot!.X + plot.Width * 0.5f, plot.Y + plot.Height / 2);
        var hover = page.Locator("#dataset-chart .hoverlayer");
        await Assertions.Expect(hover).ToContainTextAsync("lat");
        var text = await hover.TextContentAsync() ?? "";
        Assert.Matches(new Regex(@"\d\.\d"), text);
        Assert.DoesNotMatch(new Regex(@"\d\.\d{7,}"), text);
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("42-dataset-hover"), FullPage = true });

        await wholeRange.ClickAsync();
        await Assertions.Expect(status).ToContainTextAsync("buckets");
        await Assertions.Expect(wholeRange).ToHaveCountAsync(0);

        // Statistics have neither a chart's status line nor its zoom.
        await page.ClickAsync("#view-statistics");
        await Assertions.Expect(page.Locator("#view-statistics[aria-pressed=true]")).ToBeAttachedAsync();
        // The chosen view is filled at once, the one left is plain at once: no moment where both look half chosen.
        const string Background = "e => getComputedStyle(e).backgroundColor";
        Assert.Equal("rgba(0, 0, 0, 0)", await page.Locator("#view-channels").EvaluateAsync<string>(Background));
        Assert.Matches(new Regex(@"^rgb\("), await page.Locator("#view-statistics").EvaluateAsync<string>(Background));
        await Assertions.Expect(page.Locator("#channel-statistics")).ToContainTextAsync("|B|");
        Assert.Equal(0, await status.CountAsync());
        Assert.Equal(0, await wholeRange.CountAsync());
        Assert.DoesNotMatch(new Regex(@"\d\.\d{4,}"), await page.Locator("#channel-statistics").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("43-dataset-statistics"), FullPage = true });
    }
}
