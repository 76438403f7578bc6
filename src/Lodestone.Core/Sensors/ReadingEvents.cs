using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Lodestone.Sensors;

/// <summary>
/// The in-process stream of <see cref="ReadingsArrived"/>, for views that update live (eShop's notification-service
/// pattern). Publishing never waits for a subscriber: each subscription has its own small bounded queue and pump, and
/// when a slow subscriber's queue is full the oldest notice is dropped (a view only needs the latest to reload).
/// </summary>
public sealed class ReadingEvents(ILogger<ReadingEvents> logger)
{
    private const int QueueLength = 4;
    private readonly ILogger<ReadingEvents> _logger = logger;
    private readonly Lock _gate = new();
    private Subscription[] _subscribers = [];

    /// <summary>Calls <paramref name="handler"/> for readings of <paramref name="projectId"/> until the subscription is disposed.</summary>
    public IDisposable Subscribe(Guid projectId, Func<ReadingsArrived, Task> handler)
    {
        var subscription = new Subscription(this, projectId, handler);
        lock (_gate) _subscribers = [.. _subscribers, subscription];
        subscription.Start();
        return subscription;
    }

    public void Publish(ReadingsArrived arrived)
    {
        foreach (var subscriber in _subscribers)
            if (subscriber.ProjectId == arrived.ProjectId) subscriber.Queue.Writer.TryWrite(arrived);
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate) _subscribers = [.. _subscribers.Where(s => s != subscription)];
    }

    private sealed class Subscription(ReadingEvents owner, Guid projectId, Func<ReadingsArrived, Task> handler) : IDisposable
    {
        public Guid ProjectId { get; } = projectId;
        public Channel<ReadingsArrived> Queue { get; } = Channel.CreateBounded<ReadingsArrived>(
            new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public void Start() => _ = Task.Run(async () =>
        {
            await foreach (var arrived in Queue.Reader.ReadAllAsync())
            {
                try { await handler(arrived); }
                catch (Exception e) { owner._logger.LogWarning(e, "A readings subscriber failed"); }
            }
        });

        public void Dispose()
        {
            owner.Remove(this);
            Queue.Writer.TryComplete();
        }
    }
}
