using Lodestone.Accounts;
using Lodestone.Projects;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Lodestone.EndToEnd;

/// <summary>The whole app on a real Kestrel port, with a data folder of its own, for a browser to talk to.</summary>
public sealed class LodestoneServer : WebApplicationFactory<Program>
{
    public const string Password = "correct horse battery staple";

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "lodestone-e2e", Guid.NewGuid().ToString("N"));

    public LodestoneServer()
    {
        UseKestrel(0);
        StartServer();
    }

    public Uri Address => ClientOptions.BaseAddress;

    /// <summary>The errors the server logged while the test ran.</summary>
    public ServerLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Lodestone:DataFolder", DataFolder);
        builder.UseEnvironment("Testing");
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Log));
    }

    public async Task<(string UserName, Guid UserId, Guid ProjectId)> CreateUserWithProjectAsync(string projectName)
    {
        await using var scope = Services.CreateAsyncScope();
        var name = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var user = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(name, "Ada Lovelace", Password);
        var project = await scope.ServiceProvider.GetRequiredService<ProjectService>().CreateAsync(projectName, "Browser test", user.Id);
        return (name, user.Id, project.Id);
    }

    /// <summary>Signs in through the form, as a person would.</summary>
    public static async Task SignInAsync(Microsoft.Playwright.IPage page, string userName)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/projects$"));
    }

    protected override void Dispose(bool disposing)
    {
        // Now and then (under load, 1 in ~30 classes) Hangfire's server does not stop within the host's shutdown time
        // and throws from StopAsync; the test's own assertions have run by then. Left open in the issue notes.
        try { base.Dispose(disposing); }
        catch (OperationCanceledException e) { Console.Error.WriteLine($"The test server did not stop in time: {e.Message}"); }
        if (disposing && Directory.Exists(DataFolder))
        {
            try { Directory.Delete(DataFolder, recursive: true); }
            catch (IOException) { /* The OS cleans the temp folder. */ }
        }
    }
}
