using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Accounts;
using Lodestone.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lodestone.Bench.Serving;

/// <summary>
/// The predict endpoint under load. Starts Lodestone in-process on loopback (Kestrel, API key, membership check, the
/// predict rate limit: the whole request path), uploads a generated magnetometer recording, really trains two LightGBM
/// window classifiers (v1, v2) through the API, deploys v1, and loads <c>…/deployments/fan/predict</c> with wrk at 20
/// connections, one window per request. The peer, in the same run and with the same load generator and body: the same
/// windows' features in scikit-learn's GradientBoostingClassifier behind FastAPI + uvicorn (Debian's packages,
/// /usr/bin/python3, <see cref="PeerWorkers"/> workers for the 2 cores). Then the deployment is switched between v1 and v2
/// ten times under that load, counting failures and which version answered.
/// Setup: <c>sudo bench/Lodestone.Bench.Serving/setup.sh</c>. Usage: <c>dotnet run -c Release --project bench/Lodestone.Bench.Serving [-- --seconds 15] [--connections 20]</c>.
/// </summary>
public static class ServingBenchmark
{
    private const int Length = 32;
    private const double RateHz = 10;
    private const int Rounds = 50;
    private const int PeerWorkers = 2;

    public static async Task<int> Main(string[] args)
    {
        var seconds = int.Parse(args.SkipWhile(a => a != "--seconds").Skip(1).FirstOrDefault() ?? "15", CultureInfo.InvariantCulture);
        var connections = int.Parse(args.SkipWhile(a => a != "--connections").Skip(1).FirstOrDefault() ?? "20", CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(seconds);
        var folder = Path.Combine(Path.GetTempPath(), "lodestone-bench-serving", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var app = LodestoneWebApp.Build(["--urls=http://127.0.0.1:0", $"--Lodestone:DataFolder={Path.Combine(folder, "data")}",
            "--Serilog:MinimumLevel:Default=Warning", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        try
        {
            Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Training.RunHardware.OfThisMachine().CpuModel}, " +
                $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            string key;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
                var user = await accounts.CreateUserAsync($"bench{Guid.NewGuid():N}"[..20], "Bench", "benchmark-password");
                key = (await accounts.CreateApiKeyAsync(user.Id, "bench")).PlainText;
            }
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var project = (await Json(await http.PostAsJsonAsync("/api/projects", new { name = "serving bench" }))).GetProperty("id").GetGuid();

            var recording = Recording.Generate(samples: 12_000, seed: 1);
            var dataset = await UploadAsync(http, project, recording.Csv());
            var train = Stopwatch.StartNew();
            await TrainAsync(http, project, dataset, Rounds);
            await TrainAsync(http, project, dataset, Rounds * 2);
            Console.WriteLine($"Trained fan v1 ({Rounds} rounds) and v2 ({Rounds * 2}) with LightGBM on {recording.Windows(Length).Count} windows of {Length} samples × 3 channels in {train.Elapsed.TotalSeconds:F1} s");
            (await http.PostAsJsonAsync($"/api/projects/{project}/deployments", new { name = "fan", model = "fan", version = 1 })).EnsureSuccessStatusCode();
            // The model alone, without HTTP: the version's own inference benchmark (the endpoint a user calls).
            var benchmark = await Json(await http.PostAsync($"/api/projects/{project}/models/fan/versions/1/benchmark?runs=1000", null));
            Console.WriteLine($"fan v1 inference benchmark: one window min {benchmark.GetProperty("minMs").GetDouble():F3} / mean {benchmark.GetProperty("meanMs").GetDouble():F3} / " +
                $"p95 {benchmark.GetProperty("p95Ms").GetDouble():F3} / max {benchmark.GetProperty("maxMs").GetDouble():F3} ms; windows/s in batches of " +
                string.Join(", ", benchmark.GetProperty("throughput").EnumerateArray().Select(t => $"{t.GetProperty("batch").GetInt32()}: {t.GetProperty("windowsPerSecond").GetDouble():N0}")));

            var body = JsonSerializer.Serialize(new { windows = new[] { recording.Window(Length, index: 7) } });
            var predict = $"{address}/api/projects/{project}/deployments/fan/predict";
            Console.WriteLine($"Body: one window, {body.Length} bytes; wrk -t2 -c{connections} -d{seconds}s, each after a {seconds / 3} s warm-up");
            await Wrk.RunAsync(predict, body, key, connections, TimeSpan.FromSeconds(Math.Max(3, seconds / 3)));
            Report("Lodestone, LightGBM deployment, shortly after start", await Wrk.RunAsync(predict, body, key, connections, duration));
            // The JIT's tiered compilation recompiles the hot path from what it sees over the first ~100,000 requests
            // (docs/benchmarks.md, Tracking); a server runs for days, so the steady state is reported too.
            Report("Lodestone, LightGBM deployment, steady state", await Wrk.RunAsync(predict, body, key, connections, duration));

            await using (var peer = await PythonPeer.StartAsync(folder, recording, Length, RateHz, Rounds, PeerWorkers))
            {
                await Wrk.RunAsync(peer.PredictUrl, body, null, connections, TimeSpan.FromSeconds(Math.Max(3, seconds / 3)));
                Report($"Python peer, sklearn GBC, FastAPI + uvicorn ({PeerWorkers} workers)", await Wrk.RunAsync(peer.PredictUrl, body, null, connections, duration));
            }

            // Ten switches spread over the run, alternating v2 and v1, while wrk keeps 20 connections busy.
            var load = Wrk.RunAsync(predict, body, key, connections, duration, countVersions: true);
            var switches = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                await Task.Delay(duration / 12);
                var response = await http.PatchAsJsonAsync($"/api/projects/{project}/deployments/fan", new { version = i % 2 == 0 ? 2 : 1 });
                switches.Add(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }
            var switched = await load;
            Report("Lodestone, 10 version switches under load", switched);
            Console.WriteLine($"  switch answers: {string.Join(" ", switches)}; answered by {switched.Versions}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
        return 0;
    }

    private static void Report(string what, Wrk.Result result)
    {
        Console.WriteLine(
            $"{what,-62} {result.RequestsPerSecond,10:N0} req/s   p50 {result.P50Ms,7:F2} ms   p99 {result.P99Ms,7:F2} ms   {result.Requests,9:N0} requests   {result.Failures} failures");
        // wrk counts a request unanswered after 2 s as a timeout: say which kind of failure each was.
        if (result.Failures > 0)
            foreach (var line in result.Raw.Split('\n').Where(l => l.Contains("Socket errors") || l.Contains("Non-2xx")))
                Console.WriteLine($"  {line.Trim()}");
    }

    private static async Task<Guid> UploadAsync(HttpClient http, Guid project, byte[] csv)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "fan.csv");
        return (await Json(await http.PostAsync($"/api/projects/{project}/datasets", form))).GetProperty("dataset").GetProperty("id").GetGuid();
    }

    private static async Task TrainAsync(HttpClient http, Guid project, Guid dataset, int rounds)
    {
        var run = await Json(await http.PostAsJsonAsync($"/api/projects/{project}/runs", new
        {
            trainerKind = "lightgbm", datasetIds = new[] { dataset },
            config = new { iterations = rounds, window = new { length = Length, stride = Length, labelChannel = "fault" }, modelName = "fan" },
        }));
        var id = run.GetProperty("id").GetGuid();
        while (true)
        {
            await Task.Delay(500);
            var state = (await Json(await http.GetAsync($"/api/projects/{project}/runs/{id}"))).GetProperty("state").GetString();
            if (state == "Completed") return;
            if (state is "Failed" or "Cancelled") throw new InvalidOperationException($"The training run ended {state}.");
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
