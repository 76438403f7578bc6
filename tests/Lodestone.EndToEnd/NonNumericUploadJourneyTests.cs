using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>A recording with a non-number in a channel's first lines: the mapping shows it, and the person decides what happens.</summary>
public sealed class NonNumericUploadJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task Upload_ShowsTheNonNumericValue_RefusesIt_AndStoresItAsMissingWhenChosen()
    {
        var (user, _, projectId) = await Server.CreateUserWithProjectAsync("Pump house");
        Directory.CreateDirectory(Server.DataFolder);
        var csv = Path.Combine(Server.DataFolder, "pump.csv");
        await File.WriteAllTextAsync(csv, "time,flow,pressure\n" + string.Join("", Enumerable.Range(0, 300).Select(i =>
            $"{1_709_251_200 + i},{(i == 2 ? "n/a" : (i * 0.5).ToString(CultureInfo.InvariantCulture))},{1_000 + i % 7}\n")));

        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", LodestoneServer.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(new Regex("/projects$"));
        await page.GotoAsync($"/projects/{projectId}");
        await Assertions.Expect(page.Locator("#dataset-upload[data-interactive=true]")).ToBeAttachedAsync();
        await page.SetInputFilesAsync("#csv-file", csv);

        await Assertions.Expect(page.Locator("#non-numeric-values")).ToContainTextAsync("Channel 'flow' has a value that is not a number: 'n/a' on line 4");
        await Assertions.Expect(page.GetByText("flow (not all numbers)")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("10-upload-non-numeric"), FullPage = true });

        await page.ClickAsync("#start-upload");
        await Assertions.Expect(page.Locator("#upload-error")).ToContainTextAsync("line 4, column 'flow': 'n/a' is not a number", new() { Timeout = 60_000 });

        await page.GetByText("Store values that are not numbers as missing values").ClickAsync();
        await page.ClickAsync("#start-upload");
        await page.WaitForURLAsync(new Regex("/datasets/[0-9a-f-]{36}$"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#dataset-summary")).ToContainTextAsync("300");
    }
}
