using Microsoft.Extensions.Logging;

namespace Lodestone.Training;

/// <summary>
/// The in-process stream of run events (the pattern of eShop's OrderStatusNotificationService): Blazor components and
/// the SignalR hub subscribe, services publish after their writes commit. <see cref="Outgoing"/> lets a relay carry
/// events to other processes, which hand them back through <see cref="DeliverAsync"/>.
/// </summary>
public sealed class RunEvents(ILogger<RunEvents> logger)
{
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = new([]);

    /// <summary>Raised for every event published here, for relays to other processes; not for events delivered from them.</summary>
    public event Action<RunEvent>? Outgoing;

    /// <summary>
    /// Calls <paramref name="handler"/> for each event of <paramref name="projectId"/> (all projects when null) and of
    /// <paramref name="runId"/> (all runs when null) until the returned subscription is disposed.
    /// </summary>
    public IDisposable Subscribe(Func<RunEvent, Task> handler, Guid? projectId = null, Guid? runId = null)
    {
        var subscription = new Subscription(this, handler, projectId, runId);
        lock (_gate) _subscribers = new([.. _subscribers.Items, subscription]);
        return subscription;
    }

    public Task PublishAsync(RunEvent runEvent)
    {
        Outgoing?.Invoke(runEvent);
        return DeliverAsync(runEvent);
    }

    /// <summary>Hands an event to this process's subscribers only (used by relays for events from elsewhere).</summary>
    public async Task DeliverAsync(RunEvent runEvent)
    {
        foreach (var subscriber in _subscribers.Items)
        {
            if (subscriber.ProjectId is { } p && p != runEvent.ProjectId) continue;
            if (subscriber.RunId is { } r && r != runEvent.RunId) continue;
            try
            {
                await subscriber.Handler(runEvent);
            }
            catch (Exception e)
            {
                // A broken view must not stop training or other views.
                logger.LogWarning(e, "A run event subscriber failed");
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate) _subscribers = new([.. _subscribers.Items.Where(s => s != subscription)]);
    }

    private sealed record ImmutableSubscribers(Subscription[] Items);

    private sealed class Subscription(RunEvents owner, Func<RunEvent, Task> handler, Guid? projectId, Guid? runId) : IDisposable
    {
        public Func<RunEvent, Task> Handler { get; } = handler;
        public Guid? ProjectId { get; } = projectId;
        public Guid? RunId { get; } = runId;

        public void Dispose() => owner.Remove(this);
    }
}
