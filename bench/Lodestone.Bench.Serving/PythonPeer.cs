using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Lodestone.Bench.Serving;

/// <summary>
/// The Python peer (<c>serving_peer.py</c>): trains scikit-learn's GradientBoostingClassifier on the recording's
/// windows, then serves it with uvicorn; stopped (its process group) when disposed.
/// </summary>
public sealed class PythonPeer : IAsyncDisposable
{
    private readonly Process _server;

    private PythonPeer(Process server, string url) => (_server, PredictUrl) = (server, url);

    public string PredictUrl { get; }

    public static async Task<PythonPeer> StartAsync(string folder, Recording recording, int length, double rateHz, int rounds, int workers)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "serving_peer.py");
        var windows = recording.Windows(length);
        var windowsFile = Path.Combine(folder, "peer-windows.json");
        await File.WriteAllTextAsync(windowsFile, JsonSerializer.Serialize(new
        {
            sampleRateHz = rateHz, windows = windows.Select(w => w.Window), labels = windows.Select(w => w.Label),
        }));
        var model = Path.Combine(folder, "peer-model.pkl");
        using (var train = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, "train", windowsFile, model, rounds.ToString()])
                   { RedirectStandardOutput = true })!)
        {
            Console.WriteLine((await train.StandardOutput.ReadToEndAsync()).Trim());
            await train.WaitForExitAsync();
            if (train.ExitCode != 0) throw new InvalidOperationException("The peer did not train.");
        }
        var port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3",
            ["-m", "uvicorn", "serving_peer:app", "--host", "127.0.0.1", "--port", port.ToString(), "--workers", workers.ToString(), "--log-level", "warning", "--no-access-log"])
            { WorkingDirectory = AppContext.BaseDirectory, Environment = { ["PEER_MODEL"] = model } };
        var server = Process.Start(start)!;
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if ((await http.GetAsync($"{url}/health")).StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) when (attempt < 120)
            {
            }
            await Task.Delay(500);
        }
        return new PythonPeer(server, $"{url}/predict");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // uvicorn's supervisor stops its workers on SIGTERM-like kill of the tree.
        _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync();
        _server.Dispose();
    }
}
