using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lodestone.Infrastructure;
using Lodestone.Samples;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Lodestone.Cluster;

/// <summary>
/// A cluster on one machine: a PostgreSQL database of its own, a data folder shared as the artifact store, the server
/// in process (API and live events, but no training: <c>Lodestone:Jobs:RunInProcess=false</c>), and any number of
/// <c>lodestone worker</c> child processes. A project with the samples' small magnetometer recording is ready. On
/// dispose every child is killed and its output written to the test's log, the server stopped and the database dropped.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    /// <summary>Short enough that a test sees a dead worker's run recovered within seconds.</summary>
    public const string StaleAfter = "00:00:03";
    private const string FlushInterval = "00:00:00.2";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly ITestOutputHelper _log;
    private readonly List<LodestoneProcess> _processes = [];
    private readonly List<IDisposable> _subscriptions = [];

    private ClusterHarness(ITestOutputHelper log, ClusterDatabase database, LodestoneAppFactory server)
    {
        _log = log;
        Database = database;
        Server = server;
    }

    public ClusterDatabase Database { get; }
    public LodestoneAppFactory Server { get; }
    public IReadOnlyList<LodestoneProcess> Workers => _processes;
    public TestUser User { get; private set; } = null!;
    public Guid ProjectId { get; private set; }
    public Guid DatasetId { get; private set; }

    /// <summary>
    /// Starts the server and the given workers (one per entry: its comma-separated queues), and prepares the project.
    /// The workers' cold start overlaps the upload; they migrate nothing, the server did.
    /// </summary>
    public static async Task<ClusterHarness> StartAsync(ITestOutputHelper log, params string[] workers)
    {
        var database = await ClusterDatabase.CreateAsync();
        var server = new LodestoneAppFactory
        {
            Settings =
            {
                ["Lodestone:Database"] = database.ConnectionString,
                ["Lodestone:Jobs:RunInProcess"] = "false",
                ["Lodestone:Jobs:StaleAfter"] = StaleAfter,
                ["Lodestone:Jobs:FlushInterval"] = FlushInterval,
            },
        };
        var cluster = new ClusterHarness(log, database, server);
        try
        {
            // The server starts (and migrates the database) on first use of its services.
            _ = server.Services;
            cluster.Note("server is up");
            foreach (var queues in workers) cluster.StartWorker(queues);
            cluster.User = await server.CreateUserAsync();
            cluster.ProjectId = await LodestoneAppFactory.CreateProjectAsync(cluster.User);
            cluster.DatasetId = await UploadSmallRecordingAsync(cluster.User, cluster.ProjectId);
            cluster.Note("the recording is uploaded");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Uploads the samples' small magnetometer recording (two minutes at 50 Hz) and returns the dataset's id.</summary>
    public static async Task<Guid> UploadSmallRecordingAsync(TestUser user, Guid project)
    {
        using var csv = new MemoryStream();
        MagnetometerRecording.Plan(SampleRecordings.Small).WriteCsv(csv);
        return (await LodestoneAppFactory.UploadAsync(user, project, csv.ToArray(), "magnetometer-small.csv")).Dataset.Id;
    }

    /// <summary>The environment of every child: a short stale timeout and frequent heartbeats, so recovery takes seconds.</summary>
    public static Dictionary<string, string> ChildEnvironment() => new()
    {
        ["Lodestone__Jobs__StaleAfter"] = StaleAfter,
        ["Lodestone__Jobs__FlushInterval"] = FlushInterval,
        // One line per entry with the time, and no SQL: the log says what happened when.
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
    };

    /// <summary>Starts <c>lodestone worker</c> on the cluster's database and data folder.</summary>
    public LodestoneProcess StartWorker(string queues = "default,heavy")
    {
        var worker = LodestoneProcess.Start($"worker-{_processes.Count + 1} ({queues})",
            ["worker", "--db", Database.ConnectionString, "--data", Server.DataFolder, "--queues", queues, "--concurrency", "1"],
            ChildEnvironment());
        _processes.Add(worker);
        return worker;
    }

    /// <summary>Waits until <paramref name="count"/> job servers (workers) are registered and taking jobs.</summary>
    public async Task WaitForJobServersAsync(int count)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(2);
        while (await Database.JobServerCountAsync() < count)
        {
            if (DateTime.UtcNow > giveUp || _processes.Any(p => p.HasExited)) throw new TimeoutException($"Fewer than {count} workers came up.\n{Outputs()}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Epochs for a run that a test interrupts mid-way: enough that it is still running when the test acts, since a run's
    /// checkpoint step reaches the server in batches and on an idle machine eight epochs of a fraction of a second each
    /// were once all done by the test's first look.
    /// </summary>
    public const int MidRunEpochs = 40;

    /// <summary>
    /// Queues a conv-autoencoder run on the recording: small enough for a fraction of a second per epoch on two cores,
    /// early stopping off so that every epoch runs, one libtorch thread so that two workers share the machine.
    /// </summary>
    public Task<RunResponse> CreateRunAsync(int epochs, string queue = "default", string? name = null) =>
        CreateRunAsync(User.Client, ProjectId, DatasetId, epochs, queue, name);

    public static async Task<RunResponse> CreateRunAsync(HttpClient client, Guid project, Guid dataset, int epochs, string queue = "default", string? name = null)
    {
        var response = await client.PostAsJsonAsync($"/api/projects/{project}/runs", new
        {
            name = name ?? $"conv-autoencoder {epochs} epochs",
            trainerKind = "conv-autoencoder",
            datasetIds = new[] { dataset },
            queue,
            config = new
            {
                epochs,
                earlyStoppingPatience = 0,
                hiddenSize = 8,
                batchSize = 32,
                threads = 1,
                window = new { length = 64, stride = 12, channels = new[] { "b_x", "b_y", "b_z" } },
            },
        });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The run was refused: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<RunResponse>(Json))!;
    }

    public Task<RunResponse> RunAsync(Guid runId) => ReadRunAsync(User.Client, ProjectId, runId);

    public static async Task<RunResponse> ReadRunAsync(HttpClient client, Guid project, Guid runId) =>
        (await client.GetFromJsonAsync<RunResponse>($"/api/projects/{project}/runs/{runId}", Json))!;

    /// <summary>Waits until the run satisfies <paramref name="condition"/>; fails with the children's output if it never does.</summary>
    public Task<RunResponse> WaitForRunAsync(Guid runId, Func<RunResponse, bool> condition) =>
        WaitForRunAsync(User.Client, ProjectId, runId, condition, Outputs);

    public static async Task<RunResponse> WaitForRunAsync(HttpClient client, Guid project, Guid runId, Func<RunResponse, bool> condition, Func<string> outputs)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            RunResponse? run = null;
            try
            {
                run = await ReadRunAsync(client, project, runId);
                if (condition(run)) return run;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < giveUp)
            {
                // A server being restarted does not answer for a moment.
            }
            if (DateTime.UtcNow > giveUp)
                throw new TimeoutException($"The run is {run?.State} ({run?.Progress.Completed}/{run?.Progress.Total}, worker {run?.Worker}) after two minutes.\n{outputs()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Every value of every metric of the run, by key, as the API reports them.</summary>
    public Task<Dictionary<string, List<MetricPoint>>> MetricsAsync(Guid runId) => ReadMetricsAsync(User.Client, ProjectId, runId);

    public static async Task<Dictionary<string, List<MetricPoint>>> ReadMetricsAsync(HttpClient client, Guid project, Guid runId) =>
        (await client.GetFromJsonAsync<Dictionary<string, List<MetricPoint>>>($"/api/projects/{project}/runs/{runId}/metrics", Json))!;

    public static async Task<List<RunLogEntry>> ReadLogsAsync(HttpClient client, Guid project, Guid runId) =>
        (await client.GetFromJsonAsync<List<RunLogEntry>>($"/api/projects/{project}/runs/{runId}/logs", Json))!;

    public Task<List<RunLogEntry>> LogsAsync(Guid runId) => ReadLogsAsync(User.Client, ProjectId, runId);

    /// <summary>Records every event of the run that reaches the server's in-process event stream (what the UI and hub see).</summary>
    public ConcurrentQueue<RunEvent> RecordServerEvents(Guid runId)
    {
        var received = new ConcurrentQueue<RunEvent>();
        _subscriptions.Add(Server.Services.GetRequiredService<RunEvents>().Subscribe(e =>
        {
            received.Enqueue(e);
            return Task.CompletedTask;
        }, ProjectId, runId));
        return received;
    }

    /// <summary>
    /// Waits until a recorded event satisfies <paramref name="condition"/> and returns the events so far. A worker's
    /// events reach the server through the database after the run's row has changed, so the API can report a state
    /// before its event has arrived.
    /// </summary>
    public async Task<List<RunEvent>> WaitForServerEventAsync(ConcurrentQueue<RunEvent> events, Func<RunEvent, bool> condition)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var received = events.ToList();
            if (received.Any(condition)) return received;
            if (DateTime.UtcNow > giveUp)
                throw new TimeoutException($"The server received {string.Join(", ", received.Select(e => $"{e.Kind} {e.State}"))} but not the expected event.\n{Outputs()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Ended: completed, failed or cancelled.</summary>
    public static bool IsFinal(RunResponse run) => run.State is TrainingRunState.Completed or TrainingRunState.Failed or TrainingRunState.Cancelled;

    /// <summary>Writes a line to the test's log with the time, to set beside the children's timestamps.</summary>
    public void Note(string message) => _log.WriteLine($"{DateTime.Now:HH:mm:ss.fff} test: {message}");

    /// <summary>Writes the run's log lines with their times to the test's log.</summary>
    public async Task NoteRunLogAsync(Guid runId)
    {
        foreach (var line in await LogsAsync(runId)) _log.WriteLine($"{line.Timestamp.ToLocalTime():HH:mm:ss.fff} run: {line.Level} {line.Message}");
    }

    public string Outputs() => string.Join("\n", _processes.Select(p => $"----- {p.Label}, pid {p.Id} -----\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        foreach (var process in _processes) process.Dispose();
        if (_processes.Count > 0) _log.WriteLine(Outputs());
        Server.Dispose();
        await Database.DisposeAsync();
    }
}
