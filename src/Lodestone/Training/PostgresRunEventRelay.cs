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
/// SQLite, where one process does everything.
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
    private readonly Guid _origin = Guid.NewGuid();
    private readonly Channel<RunEvent> _outgoing = System.Threading.Channels.Channel.CreateBounded<RunEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!storage.Value.UsesPostgres) return;
        void Enqueue(RunEvent e) => _outgoing.Writer.TryWrite(e);
        events.Outgoing += Enqueue;
        try
        {
            await Task.WhenAll(SendAsync(stoppingToken), ListenAsync(stoppingToken));
        }
        finally
        {
            events.Outgoing -= Enqueue;
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(storage.Value.Database);
                await connection.OpenAsync(stoppingToken);
                await foreach (var runEvent in _outgoing.Reader.ReadAllAsync(stoppingToken))
                {
                    await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                    notify.Parameters.AddWithValue("channel", Channel);
                    notify.Parameters.AddWithValue("payload", Serialize(runEvent));
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

    private string Serialize(RunEvent runEvent)
    {
        var payload = JsonSerializer.Serialize(new Envelope(_origin, runEvent), Json);
        return payload.Length <= MaxPayload ? payload
            : JsonSerializer.Serialize(new Envelope(_origin, runEvent with { Metrics = null, Logs = null }), Json);
    }

    private void Receive(string payload)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(payload, Json);
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Ignoring a malformed run event");
            return;
        }
        if (envelope is null || envelope.Origin == _origin) return;
        // Off the connection's thread, so that a slow view never delays the next notification.
        _ = Task.Run(() => events.DeliverAsync(envelope.Event));
    }

    private sealed record Envelope(Guid Origin, RunEvent Event);
}
