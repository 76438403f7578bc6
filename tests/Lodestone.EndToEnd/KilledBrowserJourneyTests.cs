using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lodestone.Datasets;
using Lodestone.Samples;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>
/// A person watches a deep run train and the browser dies (its process killed, no polite close): the run goes on to
/// completion on its first attempt and the next run starts. Once, a gone browser's run page held up the run's metric
/// writes until its heartbeat went stale, and the run was interrupted, requeued and stuck in the queue with every run after it.
/// </summary>
public sealed class KilledBrowserJourneyTests : IDisposable
{
    private readonly LodestoneServer _server = new();

    [BrowserFact]
    public async Task A_run_whose_page_was_open_in_a_killed_browser_completes_and_the_next_run_starts()
    {
        var (user, userId, projectId) = await _server.CreateUserWithProjectAsync("Breakwater");
        var csv = Path.Combine(_server.DataFolder, "breakwater.csv");
        Directory.CreateDirectory(_server.DataFolder);
        MagnetometerRecording.WriteCsv(csv, SampleRecordings.Small);
        Guid datasetId;
        await using (var scope = _server.Services.CreateAsyncScope())
            datasetId = (await scope.ServiceProvider.GetRequiredService<DatasetService>().ImportAsync(projectId, "breakwater", csv, "breakwater.csv", null, userId)).Dataset.Id;
        var watched = await CreateRunAsync(projectId, userId, datasetId, "watched conv-AE", epochs: 40);

        using var chromium = StartChromium(out var port);
        using var playwright = await Playwright.CreateAsync();
        var browser = await ConnectAsync(playwright, port);
        var context = await browser.NewContextAsync(new() { BaseURL = _server.Address.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await LodestoneServer.SignInAsync(page, user);
        await page.GotoAsync($"/projects/{projectId}/training/runs/{watched}");
        await Assertions.Expect(page.Locator("#run-progress")).ToContainTextAsync(new Regex(@"\b[1-9]\d* of 40"), new() { Timeout = 120_000 });

        chromium.Kill(entireProcessTree: true);
        await chromium.WaitForExitAsync();

        var done = await WaitUntilEndedAsync(watched);
        Assert.Equal(TrainingRunState.Completed, done.State);
        Assert.Equal(1, done.Attempt);
        var next = await CreateRunAsync(projectId, userId, datasetId, "next conv-AE", epochs: 2);
        var nextDone = await WaitUntilEndedAsync(next);
        Assert.Equal(TrainingRunState.Completed, nextDone.State);
    }

    private async Task<Guid> CreateRunAsync(Guid projectId, Guid userId, Guid datasetId, string name, int epochs)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        var config = JsonSerializer.SerializeToElement(new
        {
            epochs, batchSize = 16, hiddenSize = 32, earlyStoppingPatience = epochs, threads = 1,
            window = new { length = 32, stride = 4, channels = new[] { "b_x", "b_y", "b_z" } },
        });
        return (await scope.ServiceProvider.GetRequiredService<TrainingService>()
            .CreateInternalAsync(new NewRun(projectId, userId, name, "conv-autoencoder", config, [datasetId]))).Id;
    }

    /// <summary>Waits for the run to end; a run still queued or training after ten minutes is what this test catches.</summary>
    private async Task<TrainingRun> WaitUntilEndedAsync(Guid runId)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            await using (var scope = _server.Services.CreateAsyncScope())
            {
                var run = await scope.ServiceProvider.GetRequiredService<TrainingService>().Runs.FindAsync(runId);
                if (run is { State: TrainingRunState.Completed or TrainingRunState.Failed or TrainingRunState.Cancelled }) return run;
                if (DateTime.UtcNow > giveUp) Assert.Fail($"Run {runId} is still {run?.State} (attempt {run?.Attempt}) after ten minutes.");
            }
            await Task.Delay(500);
        }
    }

    /// <summary>Chromium as a process of this test's own, so that the test can kill it; Playwright drives it over CDP.</summary>
    private static Process StartChromium(out int port)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var profile = Path.Combine(Path.GetTempPath(), "lodestone-e2e-chromium", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(BrowserFactAttribute.Chromium)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "--headless=new", $"--remote-debugging-port={port}", $"--user-data-dir={profile}", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "about:blank" })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<IBrowser> ConnectAsync(IPlaywright playwright, int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await playwright.Chromium.ConnectOverCDPAsync($"http://127.0.0.1:{port}");
            }
            catch (PlaywrightException) when (attempt < 100)
            {
                await Task.Delay(200);
            }
        }
    }

    public void Dispose() => _server.Dispose();
}
