using System.Text.Json;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>Opens the training page's "Start a run" panel and chooses a trainer by its option text, e.g. "drift (Regression)".</summary>
    protected static async Task ChooseTrainerAsync(IPage page, string trainer)
    {
        // The panel answers once the page's circuit is live; until then a click lands on the prerendered page.
        var label = page.GetByLabel("Trainer");
        for (var attempt = 0; attempt < 50 && !await label.IsVisibleAsync(); attempt++)
        {
            await page.GetByText("Start a run").ClickAsync();
            await page.WaitForTimeoutAsync(200);
        }
        await page.Locator(".mud-select:has-text('Trainer')").First.ClickAsync();
        await page.GetByText(trainer).ClickAsync();
    }

    /// <summary>Trains a run through the product's job engine and waits until it completes; a failed run fails the test with its reason.</summary>
    protected async Task<TrainingRun> TrainToEndAsync(Guid projectId, Guid userId, Guid datasetId, string name, string trainer, object config,
        Guid? parentVersionId = null)
    {
        Guid id;
        await using (var scope = Server.Services.CreateAsyncScope())
            id = (await scope.ServiceProvider.GetRequiredService<TrainingService>().CreateInternalAsync(new NewRun(projectId, userId, name, trainer,
                JsonSerializer.SerializeToElement(config), [datasetId], ParentModelVersionId: parentVersionId))).Id;
        var giveUp = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            await using (var scope = Server.Services.CreateAsyncScope())
            {
                var run = await scope.ServiceProvider.GetRequiredService<TrainingService>().Runs.FindAsync(id);
                if (run!.State == TrainingRunState.Completed) return run;
                if (run.State is TrainingRunState.Failed or TrainingRunState.Cancelled || DateTime.UtcNow > giveUp)
                    Assert.Fail($"{name} ended {run.State}: {run.FailureReason}");
            }
            await Task.Delay(300);
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        Server.Dispose();
    }
}
