using Microsoft.Extensions.Logging;

namespace Lodestone.Training;

/// <summary>
/// The in-process stream of run events (the pattern of eShop's OrderStatusNotificationService): Blazor components and
/// the SignalR hub subscribe, services publish after their writes commit. <see cref="Outgoing"/> lets a relay carry
/// events to other processes, which hand them back through <see cref="Deliver"/>.
/// Publishing never waits for a subscriber: each subscription has a queue of its own and a pump that calls its handler,
/// so a view whose browser is gone delays nobody but itself. A subscriber that falls <see cref="QueueCapacity"/> events
/// behind, or whose handler keeps failing, is disconnected.
/// </summary>
public sealed class RunEvents(ILogger<RunEvents> logger)
{
    /// <summary>
    /// Events a subscriber may have waiting before it is disconnected (progress of a run waits as one, the newest). A
    /// live page handles an event in microseconds; ten thousand waiting means it stopped handling them.
    /// </summary>
    public const int QueueCapacity = 10_000;

    /// <summary>Failures of a handler in a row after which its subscription ends (one is logged, and the disconnection).</summary>
    public const int MaxConsecutiveFailures = 3;

    private readonly Lock _gate = new();
    private RunEventSubscription[] _subscribers = [];

    /// <summary>Raised for every event published here, for relays to other processes; not for events delivered from them.</summary>
    public event Action<RunEvent>? Outgoing;

    /// <summary>The subscriptions alive now.</summary>
    public int SubscriberCount => _subscribers.Length;

    /// <summary>
    /// Calls <paramref name="handler"/>, one event at a time and in order, for each event of <paramref name="projectId"/>
    /// (all projects when null) and of <paramref name="runId"/> (all runs when null) until the returned subscription is
    /// disposed. <paramref name="disconnected"/> is called if the subscription is ended for falling behind or failing.
    /// </summary>
    public IDisposable Subscribe(Func<RunEvent, Task> handler, Guid? projectId = null, Guid? runId = null, Action? disconnected = null)
    {
        var subscription = new RunEventSubscription(this, handler, projectId, runId, disconnected);
        lock (_gate) _subscribers = [.. _subscribers, subscription];
        return subscription;
    }

    /// <summary>Hands the event to every subscriber's queue and to the relays, and returns without waiting for any of them.</summary>
    public void Publish(RunEvent runEvent)
    {
        Outgoing?.Invoke(runEvent);
        Deliver(runEvent);
    }

    /// <summary>Hands an event to this process's subscribers only (used by relays for events from elsewhere).</summary>
    public void Deliver(RunEvent runEvent)
    {
        foreach (var subscriber in _subscribers) subscriber.Offer(runEvent);
    }

    internal void Remove(RunEventSubscription subscription)
    {
        lock (_gate) _subscribers = [.. _subscribers.Where(s => s != subscription)];
    }

    internal void Disconnected(RunEventSubscription subscription, string why, Exception? failure)
    {
        Remove(subscription);
        logger.LogWarning(failure, "A run event subscriber was disconnected: {Why}", why);
    }

    internal void Failed(Exception failure) => logger.LogWarning(failure, "A run event subscriber failed");
}
