using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Lodestone.Hubs;

/// <summary>
/// Forwards every run event of this process (its own and those relayed from workers) to the connections following the
/// project, each only while its user may still see the project; a connection whose user lost access stops following it.
/// </summary>
internal sealed class RunsHubBroadcaster(RunEvents events, IHubContext<RunsHub> hub, RunsHubSubscribers subscribers, IServiceScopeFactory scopes)
    : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(DeliverAsync);
        return Task.CompletedTask;
    }

    private async Task DeliverAsync(RunEvent runEvent)
    {
        var connections = subscribers.Of(runEvent.ProjectId);
        if (connections.Count == 0) return;
        // Roles come from the membership cache, so a metric per step costs no query per connection.
        await using var scope = scopes.CreateAsyncScope();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        foreach (var (connectionId, user) in connections)
        {
            if ((await authorization.AuthorizeProjectAsync(user, runEvent.ProjectId)).Allowed)
                await hub.Clients.Client(connectionId).SendAsync(RunsHub.EventMethod, runEvent);
            else
                subscribers.Remove(runEvent.ProjectId, connectionId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
