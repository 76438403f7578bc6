using System.Collections.Concurrent;
using Lodestone.Training;
using Microsoft.AspNetCore.SignalR;

namespace Lodestone.Hubs;

/// <summary>
/// Sends each hub connection the run events (this process's own and those relayed from workers) of the projects it
/// joined, through a subscription of its own per connection and project: a client that stops reading holds up only its
/// own queue, never the publishers or the other clients, and is disconnected when that queue overflows.
/// </summary>
public sealed class RunsHubBroadcaster(RunEvents events, IHubContext<RunsHub> hub) : IDisposable
{
    private readonly ConcurrentDictionary<(string ConnectionId, Guid ProjectId), IDisposable> _joined = new();

    public void Join(HubCallerContext connection, Guid projectId)
    {
        var client = hub.Clients.Client(connection.ConnectionId);
        var subscription = events.Subscribe(e => client.SendAsync(RunsHub.EventMethod, e), projectId, disconnected: connection.Abort);
        if (!_joined.TryAdd((connection.ConnectionId, projectId), subscription)) subscription.Dispose();
        // A join racing with the disconnection must not outlive the connection.
        else if (connection.ConnectionAborted.IsCancellationRequested) Leave(connection.ConnectionId, projectId);
    }

    public void Leave(string connectionId, Guid projectId)
    {
        if (_joined.TryRemove((connectionId, projectId), out var subscription)) subscription.Dispose();
    }

    public void LeaveAll(string connectionId)
    {
        foreach (var key in _joined.Keys.Where(k => k.ConnectionId == connectionId)) Leave(key.ConnectionId, key.ProjectId);
    }

    public void Dispose()
    {
        foreach (var key in _joined.Keys) Leave(key.ConnectionId, key.ProjectId);
    }
}
