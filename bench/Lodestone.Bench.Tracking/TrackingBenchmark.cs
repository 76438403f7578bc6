using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Accounts;
using Lodestone.Hosting;
using Lodestone.Training;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lodestone.Bench.Tracking;

/// <summary>
/// Metric logging on loopback with 20 concurrent clients: one metric per request (tracking API) in a closed loop (each
/// client sends its next request when the last is answered) and paced (each client sends one every 10 ms, like a
/// training loop), and MLflow log-batch of 1,000 metrics; p50/p99 latency, metrics/s and the process's CPU time per
/// request (server and clients share the process); and the time from enqueuing a run to a worker starting it. The
/// closed loop is measured shortly after start and again after <c>--steady</c> more requests per client.
/// Usage: <c>dotnet run -c Release --project bench/Lodestone.Bench.Tracking [-- --postgres "Host=…"] [--clients 20] [--singles 1000]
/// [--steady 5000] [--paced 300] [--period-ms 10] [--batches 25] [--only singles] [--hub-clients 10] [--run-pages 10]</c>.
/// </summary>
public static class TrackingBenchmark
{
    private static int Clients = 20;

    public static async Task<int> Main(string[] args)
    {
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        Clients = int.Parse(args.SkipWhile(a => a != "--clients").Skip(1).FirstOrDefault() ?? "20", CultureInfo.InvariantCulture);
        var singles = int.Parse(args.SkipWhile(a => a != "--singles").Skip(1).FirstOrDefault() ?? "1000", CultureInfo.InvariantCulture);
        var batches = int.Parse(args.SkipWhile(a => a != "--batches").Skip(1).FirstOrDefault() ?? "25", CultureInfo.InvariantCulture);
        var paced = int.Parse(args.SkipWhile(a => a != "--paced").Skip(1).FirstOrDefault() ?? "300", CultureInfo.InvariantCulture);
        var period = double.Parse(args.SkipWhile(a => a != "--period-ms").Skip(1).FirstOrDefault() ?? "10", CultureInfo.InvariantCulture);
        var steady = int.Parse(args.SkipWhile(a => a != "--steady").Skip(1).FirstOrDefault() ?? "5000", CultureInfo.InvariantCulture);
        var onlySingles = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault() == "singles";
        var hubClients = int.Parse(args.SkipWhile(a => a != "--hub-clients").Skip(1).FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var runPages = int.Parse(args.SkipWhile(a => a != "--run-pages").Skip(1).FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var folder = Path.Combine(Path.GetTempPath(), "lodestone-bench-tracking", Guid.NewGuid().ToString("N"));
        var settings = new List<string>
        {
            "--urls=http://127.0.0.1:0", $"--Lodestone:DataFolder={folder}",
            "--Lodestone:Limits:RequestsPerSecond=10000000", "--Lodestone:Limits:RequestBurst=10000000",
            "--Serilog:MinimumLevel:Default=Warning", "--Logging:LogLevel:Default=Warning",
        };
        if (postgres is not null) settings.Add($"--Lodestone:Database={postgres}");
        var app = LodestoneWebApp.Build([.. settings]);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            string key, userName = $"bench{Guid.NewGuid():N}"[..20];
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
                var user = await accounts.CreateUserAsync(userName, "Bench", "benchmark-password");
                key = (await accounts.CreateApiKeyAsync(user.Id, "bench")).PlainText;
            }
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients * 2 }) { BaseAddress = new Uri(address) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var project = (await (await http.PostAsJsonAsync("/api/projects", new { name = "bench" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var store = postgres is null ? "SQLite" : "PostgreSQL";
            Console.WriteLine($"Store: {store}; {Clients} concurrent clients on {address}; {Environment.ProcessorCount} cores; {hubClients} live hub subscribers; {runPages} open run pages");
            await using var pages = runPages > 0 ? await RunPages.SignInAsync(new Uri(address), userName, "benchmark-password") : null;
            // Each measured phase logs into runs of its own: the pages are moved onto the first of them before it starts.
            Func<Guid[], Task>? show = pages is null ? null : runs => pages.ShowAsync(project, runs.Take(runPages));
            await using var hubs = new HubSubscribers();
            await hubs.OpenAsync(new Uri(new Uri(address), Lodestone.Hubs.RunsHub.Path), key, project, hubClients);

            // Right after start the JIT is still tiering: dynamic PGO recompiles the hot paths from what they see, and on 2
            // busy cores that takes about 100,000 requests (measured: 400 µs of CPU per metric request falling to 125 µs
            // over eight rounds of 20,000; with tiering off it stays at 280–320 µs). A server runs for days, so both are
            // reported: shortly after start, and in the steady state that follows.
            await SingleMetricAsync(http, project, 250, warmUp: true);
            await PipelineFloorAsync(http, singles, "shortly after start");
            await SingleMetricAsync(http, project, singles, warmUp: false, "shortly after start", show);
            await SingleMetricAsync(http, project, steady, warmUp: true);
            await PipelineFloorAsync(http, singles, "steady state");
            await SingleMetricAsync(http, project, singles, warmUp: false, "steady state", show);
            await PacedSingleMetricAsync(http, project, paced, TimeSpan.FromMilliseconds(period), show);
            if (hubClients > 0) Console.WriteLine($"hub subscribers received {hubs.Received:N0} run events");
            if (onlySingles) return 0;
            await LogBatchAsync(http, project, 2, warmUp: true);
            await LogBatchAsync(http, project, batches, warmUp: false);
            await EnqueueToStartAsync(app.Services, http, project);
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

    private static async Task<Guid> ExternalRunAsync(HttpClient http, Guid project)
    {
        var response = await http.PostAsJsonAsync($"/api/projects/{project}/runs", new { external = true, name = "bench" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Each client logs its own run's metric, one value per request, step after step.</summary>
    private static async Task SingleMetricAsync(HttpClient http, Guid project, int perClient, bool warmUp, string when = "",
        Func<Guid[], Task>? beforeMeasuring = null)
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => ExternalRunAsync(http, project)));
        if (beforeMeasuring is not null) await beforeMeasuring(runs);
        var (latencies, elapsed, cpu) = await ClientsAsync(perClient, null, (c, step) => PostMetricAsync(http, project, runs[c], step));
        if (!warmUp) Report($"single metric per request, closed loop, {when}", latencies, Clients * perClient, elapsed, cpu);
    }

    /// <summary>
    /// The floor under the single-metric figure: the same clients, closed loop, on <c>GET /health</c>, which runs the same
    /// pipeline (the API key is authenticated, the rate limiter counts) but does no work of its own.
    /// </summary>
    private static async Task PipelineFloorAsync(HttpClient http, int perClient, string when)
    {
        var (latencies, elapsed, cpu) = await ClientsAsync(perClient, null, (_, _) => http.GetAsync("/health"));
        Report($"pipeline floor: GET /health, closed loop, {when}", latencies, Clients * perClient, elapsed, cpu);
    }

    /// <summary>
    /// Each client logs its own run's metric once per <paramref name="period"/> (a training loop's pace, not as fast as
    /// the server answers): the latency a script sees when the server is not saturated.
    /// </summary>
    private static async Task PacedSingleMetricAsync(HttpClient http, Guid project, int perClient, TimeSpan period,
        Func<Guid[], Task>? beforeMeasuring = null)
    {
        if (perClient == 0) return;
        var runs = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => ExternalRunAsync(http, project)));
        if (beforeMeasuring is not null) await beforeMeasuring(runs);
        var (latencies, elapsed, cpu) = await ClientsAsync(perClient, period, (c, step) => PostMetricAsync(http, project, runs[c], step));
        Report($"single metric per request, paced (each client every {period.TotalMilliseconds:F0} ms)", latencies, Clients * perClient, elapsed, cpu);
    }

    private static Task<HttpResponseMessage> PostMetricAsync(HttpClient http, Guid project, Guid run, int step) =>
        http.PostAsync($"/api/projects/{project}/runs/{run}/metrics", new StringContent(
            $$"""{"metrics":[{"key":"loss","step":{{step}},"value":{{(1.0 / (step + 1)).ToString(CultureInfo.InvariantCulture)}}}]}""",
            Encoding.UTF8, "application/json"));

    /// <summary>
    /// Runs the clients at once, each sending <paramref name="perClient"/> requests: one after another as soon as the last
    /// is answered (closed loop), or one per <paramref name="period"/> with the clients spread over the first period, as
    /// independent scripts would be. Returns every latency in ms, the wall time and the process CPU time before the start.
    /// </summary>
    private static async Task<(List<double> Latencies, TimeSpan Elapsed, TimeSpan CpuBefore)> ClientsAsync(
        int perClient, TimeSpan? period, Func<int, int, Task<HttpResponseMessage>> send)
    {
        var latencies = new List<double>[Clients];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var ticks = period is { } p ? (long)(p.TotalSeconds * Stopwatch.Frequency) : 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            latencies[c] = new List<double>(perClient);
            var next = Stopwatch.GetTimestamp() + ticks * c / Clients;
            for (var i = 0; i < perClient; i++)
            {
                if (ticks > 0)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                    next += ticks;
                }
                var started = Stopwatch.GetTimestamp();
                using var response = await send(c, i);
                latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }));
        total.Stop();
        return (latencies.SelectMany(l => l).ToList(), total.Elapsed, cpu);
    }

    /// <summary>Each client sends MLflow log-batch requests of 1,000 metrics (10 keys × 100 steps) to its own run.</summary>
    private static async Task LogBatchAsync(HttpClient http, Guid project, int perClient, bool warmUp)
    {
        var latencies = new List<double>[Clients];
        var runs = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => ExternalRunAsync(http, project)));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            latencies[c] = new List<double>(perClient);
            for (var request = 0; request < perClient; request++)
            {
                var metrics = new StringBuilder();
                for (var i = 0; i < 1000; i++)
                {
                    if (i > 0) metrics.Append(',');
                    var step = request * 100 + i / 10;
                    metrics.Append(CultureInfo.InvariantCulture, $$"""{"key":"m{{i % 10}}","value":{{(i * 0.001).ToString(CultureInfo.InvariantCulture)}},"timestamp":1767225600000,"step":{{step}}}""");
                }
                var body = new StringContent($$"""{"run_id":"{{runs[c]:N}}","metrics":[{{metrics}}]}""", Encoding.UTF8, "application/json");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/api/2.0/mlflow/runs/log-batch", body);
                latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }));
        total.Stop();
        if (!warmUp) Report("MLflow log-batch of 1,000", latencies.SelectMany(l => l).ToList(), Clients * perClient * 1000, total.Elapsed, cpu);
    }

    /// <summary>
    /// Runs created one after another on an idle worker: from the create request to the worker taking the run (state
    /// Preparing). This process has no sample store, so each run then fails at loading its windows, which frees the worker.
    /// </summary>
    private static async Task EnqueueToStartAsync(IServiceProvider services, HttpClient http, Guid project)
    {
        var events = services.GetRequiredService<RunEvents>();
        var waits = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var taken = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = events.Subscribe(e =>
            {
                if (e.Kind == RunEventKind.StateChanged && e.State == TrainingRunState.Preparing) taken.TrySetResult(Stopwatch.GetTimestamp());
                return Task.CompletedTask;
            }, project);
            var started = Stopwatch.GetTimestamp();
            var response = await http.PostAsJsonAsync($"/api/projects/{project}/runs", new
            {
                trainerKind = "isolation-forest", config = new { trees = 10 }, datasetIds = new[] { Guid.NewGuid() },
            });
            response.EnsureSuccessStatusCode();
            var at = await taken.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (i > 0) waits.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            // Wait for the run to end so that the worker is idle again.
            while ((await http.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/runs/{id}")).GetProperty("state").GetString() is "Queued" or "Preparing" or "Running")
                await Task.Delay(20);
        }
        waits.Sort();
        Console.WriteLine($"enqueue-to-start (create request → worker takes the run), {waits.Count} runs: p50 {Percentile(waits, 0.5):F1} ms, max {waits[^1]:F1} ms");
    }

    /// <summary>
    /// Prints latency, throughput and the CPU time the process (server and clients) spent per request, which a loaded
    /// machine distorts far less than latency; and the load average, to say how loaded the machine was.
    /// </summary>
    private static void Report(string what, List<double> latencies, int metrics, TimeSpan elapsed, TimeSpan cpuBefore)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        latencies.Sort();
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine($"{what}: {latencies.Count} requests, p50 {Percentile(latencies, 0.5):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, " +
            $"{metrics / elapsed.TotalSeconds:N0} metrics/s, {cpu.TotalMicroseconds / latencies.Count:N0} µs CPU per request, load average {load}" +
            $", {ThreadPool.ThreadCount} pool threads, {GC.CollectionCount(0)} gen0 GCs so far");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
