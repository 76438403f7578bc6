using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>A server of its own and Debian's Chromium for each browser test class.</summary>
public abstract class BrowserTest : IAsyncLifetime
{
    protected LodestoneServer Server { get; } = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.Chromium)) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    protected Task<IPage> NewPageAsync() => _browser!.NewPageAsync(new BrowserNewPageOptions
    {
        BaseURL = Server.Address.ToString(),
        ViewportSize = new() { Width = 1400, Height = 1000 },
    });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        Server.Dispose();
    }
}
