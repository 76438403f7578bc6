using System.Text.RegularExpressions;
using Lodestone.Samples;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>A person signs in, uploads a magnetometer recording, and explores it in the charts.</summary>
public sealed class DatasetJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task SignIn_Upload_AndExplore_TheRecording()
    {
        var (user, _, projectId) = await Server.CreateUserWithProjectAsync("Harbour site");
        var csv = Path.Combine(Server.DataFolder, "harbour.csv");
        Directory.CreateDirectory(Server.DataFolder);
        MagnetometerRecording.WriteCsv(csv, SampleRecordings.Small);

        var page = await NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByText("A self-hosted, local-first platform")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("01-landing") });

        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", "wrong password");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#login-error")).ToBeVisibleAsync();
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", LodestoneServer.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(new Regex("/projects$"));
        await Assertions.Expect(page.GetByText("Harbour site")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("02-projects") });

        await page.GotoAsync($"/projects/{projectId}");
        await Assertions.Expect(page.Locator("#no-datasets")).ToBeVisibleAsync();
        // The file input only reacts once the page's circuit is live.
        await Assertions.Expect(page.Locator("#dataset-upload[data-interactive=true]")).ToBeAttachedAsync();
        await page.SetInputFilesAsync("#csv-file", csv);
        await Assertions.Expect(page.Locator("#schema-recognised")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("03-upload-recognised") });
        await page.ClickAsync("#start-upload");

        await page.WaitForURLAsync(new Regex("/datasets/[0-9a-f-]{36}$"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#dataset-title")).ToHaveTextAsync("harbour");
        await Assertions.Expect(page.Locator("#dataset-summary")).ToContainTextAsync("5,900");
        var status = page.Locator("#chart-status");
        await Assertions.Expect(status).ToContainTextAsync("buckets");
        await Assertions.Expect(page.Locator("#dataset-chart .main-svg").First).ToBeVisibleAsync();
        var traces = await page.Locator("#dataset-chart .scatterlayer .trace").CountAsync();
        Assert.Equal(6, traces); // b_x, b_y, b_z as min/max envelopes
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("04-dataset-components"), FullPage = true });

        // Zooming into ten seconds re-queries: the envelope turns into raw samples.
        await page.EvaluateAsync("""
            () => { const el = document.getElementById('dataset-chart'); const r = el.layout.xaxis.range;
                    const start = new Date(r[0].replace(' ', 'T') + 'Z').getTime();
                    return Plotly.relayout(el, { 'xaxis.range': [start + 30000, start + 40000] }); }
            """);
        await Assertions.Expect(status).ToContainTextAsync("raw samples");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("05-dataset-zoomed"), FullPage = true });

        await page.ClickAsync("#view-b-magnitude");
        await Assertions.Expect(page.Locator("#dataset-chart .scatterlayer .trace").First).ToBeAttachedAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("06-dataset-magnitude"), FullPage = true });

        await page.ClickAsync("#view-3d-field");
        await Assertions.Expect(status).ToContainTextAsync("field vectors");
        await Assertions.Expect(page.Locator("#dataset-chart .gl-container, #dataset-chart canvas").First).ToBeAttachedAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("07-dataset-3d"), FullPage = true });

        await page.ClickAsync("#view-statistics");
        await Assertions.Expect(page.Locator("#channel-statistics")).ToContainTextAsync("|B|");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("08-dataset-statistics"), FullPage = true });

        await page.GotoAsync("/docs");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lodestone API" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText("Datasets").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("09-api-reference") });

        Assert.Empty(errors);
    }
}
