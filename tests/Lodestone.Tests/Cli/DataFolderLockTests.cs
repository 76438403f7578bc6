using System.Net;
using System.Net.Sockets;
using Lodestone.Cluster;
using Lodestone.Training;

namespace Lodestone.Cli;

/// <summary>One server per data folder, as real processes: the second is refused, CLI commands work beside it.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class DataFolderLockTests : IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));
    private readonly List<LodestoneProcess> _servers = [];

    [Fact]
    public async Task Serve_IsRefused_WhileAnotherServerServesTheFolder_AndStartsOnceThatOneIsKilled()
    {
        var first = await StartServerAsync();

        var second = await LodestoneProcess.RunAsync(["serve", "--data", _dataFolder, "--urls", $"http://127.0.0.1:{FreePort()}"]);
        var beside = await LodestoneProcess.RunAsync(["runs", "list", "--data", _dataFolder]);

        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("Another Lodestone server is using the data folder", second.Output);
        Assert.DoesNotContain("   at ", second.Output);
        Assert.True(beside.ExitCode == 0, beside.Output);
        first.Kill();
        await StartServerAsync();
    }

    [Fact]
    public async Task Serve_DeletesWhatKilledUploadsAndImportsLeft_ButACliCommandDoesNot()
    {
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["projects", "list", "--data", _dataFolder])).ExitCode);
        var staging = Path.Combine(_dataFolder, "staging");
        var upload = Path.Combine(staging, $"upload-{Guid.NewGuid():N}.csv");
        var import = Path.Combine(staging, $"import-{Guid.NewGuid():N}");
        var partial = Path.Combine(_dataFolder, "artifacts", "runs", "x", "model.zip.1234.partial");
        var kept = Path.Combine(_dataFolder, "artifacts", "runs", "x", "model.zip");
        Directory.CreateDirectory(import);
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        foreach (var file in new[] { upload, Path.Combine(import, "part-0.parquet"), partial, kept }) await File.WriteAllTextAsync(file, "left");

        await StartServerAsync();
        var live = Path.Combine(staging, $"upload-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(live, "live");
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["projects", "list", "--data", _dataFolder])).ExitCode);

        Assert.False(File.Exists(upload));
        Assert.False(Directory.Exists(import));
        Assert.False(File.Exists(partial));
        Assert.True(File.Exists(kept));
        Assert.True(File.Exists(live));
    }

    [Fact]
    public async Task Serve_LeavesTheFoldersRunsAlone_WhenItCannotBindItsPort()
    {
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["projects", "create", "Harbour", "--data", _dataFolder])).ExitCode);
        var run = await DataFolderStore.AddRunningRunAsync(_dataFolder);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();

        var (code, output) = await LodestoneProcess.RunAsync(["serve", "--data", _dataFolder, "--urls", $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}"],
            ClusterHarness.ChildEnvironment());

        Assert.True(code != 0, output);
        var after = await DataFolderStore.RunAsync(_dataFolder, run);
        Assert.True(after.State == TrainingRunState.Running, $"The run is {after.State}:\n{output}");
        Assert.Equal(1, after.Attempt);
    }

    private async Task<LodestoneProcess> StartServerAsync()
    {
        var port = FreePort();
        var server = LodestoneProcess.Start($"serve-{_servers.Count + 1}", ["serve", "--data", _dataFolder, "--urls", $"http://127.0.0.1:{port}"],
            ClusterHarness.ChildEnvironment());
        _servers.Add(server);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var giveUp = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (server.HasExited) throw new InvalidOperationException($"The server exited:\n{server.Output}");
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"The server did not answer.\n{server.Output}");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var server in _servers) server.Dispose();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}
