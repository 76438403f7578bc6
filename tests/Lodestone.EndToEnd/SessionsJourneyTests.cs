using System.Text.RegularExpressions;
using Lodestone.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>A signed-in person's session: other sites cannot act with it, and changing the password keeps it.</summary>
public sealed class SessionsJourneyTests : BrowserTest
{
    [BrowserFact]
    public async Task APageOnAnotherPort_PostingAFormWithTheVictimsCookie_ChangesNothing()
    {
        var (user, _, _) = await Server.CreateUserWithProjectAsync("Victim's site");
        var page = await NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);
        var lodestone = Server.Address.ToString().TrimEnd('/');
        // An MLflow body smuggled into a text/plain form: the field name and value join into {"name":"forged-by-form","x":"="}.
        await using var evil = await EvilSiteAsync($$"""
            <form id="f" method="post" enctype="text/plain" action="{{lodestone}}/api/2.0/mlflow/experiments/create">
              <input name='{"name":"forged-by-form","x":"' value='"}'>
            </form>
            <form id="g" method="post" action="{{lodestone}}/account/logout"></form>
            <script>document.getElementById('f').submit();</script>
            """);

        await page.GotoAsync(evil.Address);
        await page.WaitForURLAsync(new Regex("mlflow/experiments/create$"));
        await page.GotoAsync(evil.Address + "?logout");
        await page.WaitForURLAsync(new Regex("/account/logout$"));

        await using (var scope = Server.Services.CreateAsyncScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<LodestoneDb>().Projects.AnyAsync(p => p.Name == "forged-by-form"));
        await page.GotoAsync($"{lodestone}/projects");
        await page.WaitForURLAsync(new Regex("/projects$"));
        await Assertions.Expect(page.GetByText("Victim's site")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task ChangingThePasswordOnTheAccountPage_KeepsThisBrowserSignedIn()
    {
        var (user, _, _) = await Server.CreateUserWithProjectAsync("Own site");
        var page = await NewPageAsync();
        var policyViolations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) policyViolations.Add(m.Text); };
        await LodestoneServer.SignInAsync(page, user);

        await page.GotoAsync("/account");
        // What is typed before the circuit is live is wiped when it renders the page again.
        await Assertions.Expect(page.Locator("#password-form[data-interactive=true]")).ToBeAttachedAsync();
        await page.FillAsync("#current-password", LodestoneServer.Password);
        await page.FillAsync("#new-password", "a brand new password");
        await page.ClickAsync("#change-password");

        await page.WaitForURLAsync(new Regex("/account\\?password=changed$"));
        await Assertions.Expect(page.Locator("#password-changed")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("20-account-password-changed"), FullPage = true });
        await page.GotoAsync("/projects");
        await Assertions.Expect(page.GetByText("Own site")).ToBeVisibleAsync();
        Assert.Empty(policyViolations);
    }

    /// <summary>Serves <paramref name="body"/> from another local port: another origin, and to the browser the same site.</summary>
    private static async Task<EvilSite> EvilSiteAsync(string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", (HttpRequest request) => Results.Content(request.Query.ContainsKey("logout")
            ? body.Replace("document.getElementById('f')", "document.getElementById('g')") : body, "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EvilSite(app, address + "/");
    }

    private sealed record EvilSite(WebApplication App, string Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
