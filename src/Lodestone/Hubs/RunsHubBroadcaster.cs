using System.Collections.Concurrent;
using System.Security.Claims;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Lodestone.Hubs;

/// <summary>
/// Sends each hub connection the run events (this process's own and those relayed from workers) of the projects it
/// joined, through a subscription of its own per connection and project: a client that stops reading holds up only its
/// own queue, never the publishers or the other clients, and is disconnected when that queue overflows. Each delivery
/// checks that the user may still see the project (a SignalR group would keep sending to a member removed after
/// joining); one who lost access stops following it.
/// </summary>
public sealed class RunsHubBroadcaster(RunEvents events, IHubContext<RunsHub> hub, IServiceScopeFactory scopes) : IDisposable
{
    private readonly ConcurrentDictionary<(string ConnectionId, Guid ProjectId), IDisposable> _joined = new();

    public void Join(HubCallerContext connection, Guid projectId)
    {
        var client = hub.Clients.Client(connection.ConnectionId);
        var user = connection.User!;
        var subscription = events.Subscribe(e => DeliverAsync(client, user, connection.ConnectionId, e), projectId, disconnected: connection.Abort);
        if (!_joined.TryAdd((connection.ConnectionId, projectId), subscription)) subscription.Dispose();
        // A join racing with the disconnection must not outlive the connection.
        else if (connection.ConnectionAborted.IsCancellationRequested) Leave(connection.ConnectionId, projectId);
    }

    private async Task DeliverAsync(ISingleClientProxy client, ClaimsPrincipal user, string connectionId, RunEvent runEvent)
    {
        // Roles come from the membership cache, so a metric per step costs no query per connection.
        await using var scope = scopes.CreateAsyncScope();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        if ((await authorization.AuthorizeProjectAsync(user, runEvent.ProjectId)).Allowed)
            await client.SendAsync(RunsHub.EventMethod, runEvent);
        else
            Leave(connectionId, runEvent.ProjectId);
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
