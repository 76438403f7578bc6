using Lodestone.Training;
using Microsoft.AspNetCore.SignalR;

namespace Lodestone.Hubs;

/// <summary>Forwards every run event of this process (its own and those relayed from workers) to the project's hub group.</summary>
internal sealed class RunsHubBroadcaster(RunEvents events, IHubContext<RunsHub> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(e => hub.Clients.Group(RunsHub.GroupOf(e.ProjectId)).SendAsync(RunsHub.EventMethod, e));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
