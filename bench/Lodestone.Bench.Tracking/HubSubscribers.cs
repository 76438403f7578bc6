using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lodestone.Bench.Tracking;

/// <summary>
/// Live views while metrics are logged: SignalR clients of the runs hub over WebSockets, each joined to the bench's
/// project, so that every metric request's event goes to each of them (what open run pages cost the publisher).
/// </summary>
internal sealed class HubSubscribers : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private long _received;

    public long Received => Interlocked.Read(ref _received);

    public async Task OpenAsync(Uri hub, string apiKey, Guid project, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(hub, o => o.AccessTokenProvider = () => Task.FromResult<string?>(apiKey))
                .Build();
            connection.On<JsonElement>(Lodestone.Hubs.RunsHub.EventMethod, _ => Interlocked.Increment(ref _received));
            await connection.StartAsync();
            await connection.InvokeAsync("JoinProject", project);
            _connections.Add(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
    }
}
