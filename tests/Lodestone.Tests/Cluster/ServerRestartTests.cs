using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Lodestone.Infrastructure;
using Lodestone.Training;
using Xunit.Abstractions;

namespace Lodestone.Cluster;

/// <summary>
/// The embedded default (<c>lodestone serve</c> with SQLite and in-memory job storage) killed in the middle of a run:
/// started again on the same data folder, it queues the run again and resumes it from its last checkpoint.
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class ServerRestartTests(ITestOutputHelper log) : IDisposable
{
    private const int Epochs = ClusterHarness.MidRunEpochs;
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));
    private readonly List<LodestoneProcess> _servers = [];

    [Fact]
    public async Task A_run_of_a_killed_server_resumes_from_its_checkpoint_when_the_server_starts_again()
    {
        var (code, output) = await LodestoneProcess.RunAsync(["users", "add", "tester", "--data", _dataFolder]);
        Assert.True(code == 0, output);
        (code, output) = await LodestoneProcess.RunAsync(["users", "api-key", "tester", "--data", _dataFolder]);
        Assert.True(code == 0, output);
        var key = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var user = new TestUser(Guid.Empty, "tester", key, client);

        await StartServerAsync(client, port);
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var dataset = await ClusterHarness.UploadSmallRecordingAsync(user, project);
        var created = await ClusterHarness.CreateRunAsync(client, project, dataset, Epochs);
        var midway = await ClusterHarness.WaitForRunAsync(client, project, created.Id, r => r.CheckpointStep >= 2 || ClusterHarness.IsFinal(r), Outputs);
        _servers[^1].Kill();
        Assert.True(midway.State == TrainingRunState.Running, $"The run should still be running when the server is killed; it is {midway.State}.");
        Assert.Equal(1, midway.Attempt);
        var killedAfter = midway.CheckpointStep!.Value;

        await StartServerAsync(client, port);
        var done = await ClusterHarness.WaitForRunAsync(client, project, created.Id, ClusterHarness.IsFinal, Outputs);

        Assert.True(done.State == TrainingRunState.Completed, $"The run ended {done.State}: {done.FailureReason}\n{Outputs()}");
        Assert.Equal(2, done.Attempt);
        Assert.Equal(_servers[^1].WorkerName, done.Worker);
        var metrics = await ClusterHarness.ReadMetricsAsync(client, project, created.Id);
        foreach (var key2 in new[] { "loss", "val_loss", "epoch_time_seconds" })
            Assert.Equal(Enumerable.Range(1, Epochs).Select(i => (long)i), metrics[key2].Select(m => m.Step).Order());
        var logs = await ClusterHarness.ReadLogsAsync(client, project, created.Id);
        var resumed = Assert.Single(logs, l => l.Message.StartsWith("Resuming from the checkpoint after step", StringComparison.Ordinal));
        var resumedAfter = int.Parse(resumed.Message.TrimEnd('.').Split(' ')[^1], CultureInfo.InvariantCulture);
        Assert.InRange(resumedAfter, killedAfter, Epochs - 1);
    }

    /// <summary>Starts <c>lodestone serve</c> on the data folder and waits until its API answers.</summary>
    private async Task StartServerAsync(HttpClient client, int port)
    {
        var server = LodestoneProcess.Start($"serve-{_servers.Count + 1}",
            ["serve", "--data", _dataFolder, "--urls", $"http://127.0.0.1:{port}"], ClusterHarness.ChildEnvironment());
        _servers.Add(server);
        var giveUp = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (server.HasExited) throw new InvalidOperationException($"The server exited:\n{Outputs()}");
            try
            {
                if ((await client.GetAsync("/api/projects")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"The server did not answer.\n{Outputs()}");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Outputs() => string.Join("\n", _servers.Select(p => $"----- {p.Label}, pid {p.Id} -----\n{p.Output}"));

    public void Dispose()
    {
        foreach (var server in _servers) server.Dispose();
        if (_servers.Count > 0) log.WriteLine(Outputs());
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}
