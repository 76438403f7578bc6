using Microsoft.Playwright;

namespace Lodestone.Bench.Tracking;

/// <summary>
/// Open run pages while metrics are logged: Debian's Chromium, signed in as the bench's user, with one tab on the run
/// page of each given run, so that every metric of those runs reaches a Blazor circuit that redraws its chart (what an
/// engineer watching runs costs the server, and the browser's own CPU on the same cores).
/// </summary>
internal sealed class RunPages : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;
    private readonly List<IPage> _pages = [];

    public static async Task<RunPages> SignInAsync(Uri address, string userName, string password)
    {
        var pages = new RunPages { _playwright = await Playwright.CreateAsync() };
        pages._browser = await pages._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        pages._context = await pages._browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        var login = await pages._context.NewPageAsync();
        await login.GotoAsync("/login");
        await login.FillAsync("#username", userName);
        await login.FillAsync("#password", password);
        await login.ClickAsync("#sign-in");
        await login.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/projects$"));
        await login.CloseAsync();
        return pages;
    }

    /// <summary>Shows these runs instead of the ones before: one tab each, waited for until its circuit runs.</summary>
    public async Task ShowAsync(Guid project, IEnumerable<Guid> runs)
    {
        foreach (var page in _pages) await page.CloseAsync();
        _pages.Clear();
        foreach (var run in runs)
        {
            var page = await _context!.NewPageAsync();
            await page.GotoAsync($"/projects/{project}/training/runs/{run}");
            await page.Locator("#run-name").WaitForAsync();
            await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
            _pages.Add(page);
        }
        // The circuits connect over WebSockets after the prerendered page loads.
        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    public int Count => _pages.Count;

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
