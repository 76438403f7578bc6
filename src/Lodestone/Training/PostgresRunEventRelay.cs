using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Lodestone.Data;
using Lodestone.Training;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lodestone.Training;

/// <summary>
/// Carries run events between processes on PostgreSQL with LISTEN/NOTIFY: a worker's metrics and progress reach the
/// server's live views, and a cancel request made on the server reaches the worker, without polling. Does nothing on
/// SQLite, where one process does everything. Events waiting to be sent go out together: as many as fit in each payload
/// (a JSON array after the sender's id), all payloads in one statement, so that a metric request does not cost a round
/// trip of its own; and a process skips its own notifications by their prefix, without parsing them.
/// </summary>
internal sealed class PostgresRunEventRelay(RunEvents events, IOptions<StorageOptions> storage, ILogger<PostgresRunEventRelay> logger) : BackgroundService
{
    private const string Channel = "lodestone_run_events";
    // NOTIFY payloads must stay under 8,000 bytes; larger events travel without their metrics and logs.
    private const int MaxPayload = 7900;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    // Payloads that one statement sends at most; a payload holds as many events as fit in MaxPayload.
    private const int MaxPayloadsPerStatement = 50;
    private readonly string _origin = Guid.NewGuid().ToString("N");
    // Publishers never wait for the database: when it is unreachable the oldest events go, and the log says so.
    private readonly Channel<RunEvent> _outgoing = System.Threading.Channels.Channel.CreateBounded<RunEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest }, _ => Dropped(logger));
    private static long _dropped;

    private static void Dropped(ILogger logger)
    {
        var dropped = Interlocked.Increment(ref _dropped);
        // The first, then one line per thousand: a database away for minutes must not flood the log.
        if (dropped == 1 || dropped % 1000 == 0)
            logger.LogWarning("{Dropped} run events could not be sent to other processes in time and were dropped", dropped);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!storage.Value.UsesPostgres) return;
        void Enqueue(RunEvent e) => _outgoing.Writer.TryWrite(e);
        events.Outgoing += Enqueue;
        try
        {
            _sending = SendAsync(stoppingToken);
            await Task.WhenAll(_sending, ListenAsync(stoppingToken));
        }
        finally
        {
            events.Outgoing -= Enqueue;
        }
    }

    /// <summary>How long a stopping process keeps sending the events still waiting, such as its runs' interruptions.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private Task? _sending;

    /// <summary>
    /// Sends what is waiting before it stops listening: the job server has stopped by now (it was registered after this
    /// relay), so a run it interrupted has published its last events, and the other processes must see them.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _outgoing.Writer.TryComplete();
        if (_sending is not null) await Task.WhenAny(_sending, Task.Delay(DrainTimeout, cancellationToken));
        await base.StopAsync(cancellationToken);
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        // Ends when the queue is completed and empty (the process stops) or when stopping is forced.
        while (!stoppingToken.IsCancellationRequested && !_outgoing.Reader.Completion.IsCompleted)
        {
            try
            {
                await using var connection = new NpgsqlConnection(storage.Value.Database);
                await connection.OpenAsync(stoppingToken);
                while (await _outgoing.Reader.WaitToReadAsync(stoppingToken))
                {
                    var payloads = Pack();
                    await using var notify = new NpgsqlCommand(
                        "SELECT " + string.Join(", ", payloads.Select((_, i) => $"pg_notify(@channel, @p{i})")), connection);
                    notify.Parameters.AddWithValue("channel", Channel);
                    for (var i = 0; i < payloads.Count; i++) notify.Parameters.AddWithValue($"p{i}", payloads[i]);
                    await notify.ExecuteNonQueryAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending run events to other processes failed; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(storage.Value.Database);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, notification) => Receive(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Listening for run events of other processes failed; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Takes the events waiting, in order, into payloads of the form <c>{origin}[event,event,…]</c>.</summary>
    private List<string> Pack()
    {
        var payloads = new List<string>();
        var current = new StringBuilder();
        while (payloads.Count < MaxPayloadsPerStatement && _outgoing.Reader.TryRead(out var runEvent))
        {
            var json = Serialize(runEvent);
            if (current.Length > 0 && current.Length + json.Length + 2 > MaxPayload)
            {
                payloads.Add(current.Append(']').ToString());
                current.Clear();
            }
            current.Append(current.Length == 0 ? _origin + "[" : ",").Append(json);
        }
        if (current.Length > 0) payloads.Add(current.Append(']').ToString());
        return payloads;
    }

    private static string Serialize(RunEvent runEvent)
    {
        var json = JsonSerializer.Serialize(runEvent, Json);
        return json.Length <= MaxPayload - 40 ? json : JsonSerializer.Serialize(runEvent with { Metrics = null, Logs = null }, Json);
    }

    private void Receive(string payload)
    {
        if (payload.StartsWith(_origin, StringComparison.Ordinal) || payload.Length < _origin.Length) return;
        List<RunEvent>? received;
        try
        {
            received = JsonSerializer.Deserialize<List<RunEvent>>(payload.AsSpan(_origin.Length), Json);
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Ignoring a malformed run event");
            return;
        }
        if (received is null) return;
        // Delivering only queues the events for each subscriber, so a slow view never delays the next notification.
        foreach (var runEvent in received) events.Deliver(runEvent);
    }
}
