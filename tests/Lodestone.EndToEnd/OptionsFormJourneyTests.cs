using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>A person picks a trainer and edits its options in a form built from the trainer's schema.</summary>
public sealed class OptionsFormJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task TheStartForm_ShowsATrainersOptions_WithAnErrorBesideAnInvalidField()
    {
        var (user, _, projectId) = await Server.CreateUserWithProjectAsync("Probes");
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);
        await page.GotoAsync($"/projects/{projectId}/training");

        await ChooseTrainerAsync(page, "drift (Regression)");

        var form = page.Locator("#options-form");
        await Assertions.Expect(form).ToContainTextAsync("Threshold percent");
        await Assertions.Expect(form).ToContainTextAsync("Default: 5.");
        await page.GetByLabel("Rolling window").FillAsync("ten");
        await page.GetByLabel("Rolling window").BlurAsync();
        await Assertions.Expect(form).ToContainTextAsync("A whole number");
        await page.GetByLabel("Rolling window").FillAsync("12");
        await page.GetByLabel("Rolling window").BlurAsync();
        await Assertions.Expect(form).Not.ToContainTextAsync("A whole number");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("20-options-form"), FullPage = true });

        await page.GetByText("JSON (advanced)").ClickAsync();
        await Assertions.Expect(page.Locator("#options-json")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"rollingWindow\": 12"));
    }
}
