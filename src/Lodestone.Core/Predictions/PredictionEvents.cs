using System.Threading.Channels;

namespace Lodestone.Predictions;

/// <summary>
/// The in-process stream of batch events for live views. As with run events, publishing never waits for a subscriber:
/// each has a small queue of its own (the oldest progress is dropped when it is full, the newest says more) and a pump
/// that calls its handler. Events of batches run by another process do not reach here (see the report on issue 12).
/// </summary>
public sealed class PredictionEvents
{
    private const int QueueCapacity = 256;
    private readonly Lock _gate = new();
    private Subscription[] _subscribers = [];

    /// <summary>Calls <paramref name="handler"/> for each event of <paramref name="projectId"/> until the subscription is disposed.</summary>
    public IDisposable Subscribe(Guid projectId, Func<PredictionBatchEvent, Task> handler)
    {
        var subscription = new Subscription(this, projectId, handler);
        lock (_gate) _subscribers = [.. _subscribers, subscription];
        return subscription;
    }

    public void Publish(PredictionBatchEvent batchEvent)
    {
        foreach (var subscriber in _subscribers)
            if (subscriber.ProjectId == batchEvent.ProjectId) subscriber.Queue.Writer.TryWrite(batchEvent);
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate) _subscribers = [.. _subscribers.Where(s => s != subscription)];
    }

    private sealed class Subscription : IDisposable
    {
        private readonly PredictionEvents _owner;

        public Subscription(PredictionEvents owner, Guid projectId, Func<PredictionBatchEvent, Task> handler)
        {
            _owner = owner;
            ProjectId = projectId;
            _ = Task.Run(async () =>
            {
                await foreach (var e in Queue.Reader.ReadAllAsync())
                {
                    // A view's failure is its own; it must not end the pump of the events after it.
                    try { await handler(e); } catch (Exception) when (!Queue.Reader.Completion.IsCompleted) { }
                }
            });
        }

        public Guid ProjectId { get; }

        public Channel<PredictionBatchEvent> Queue { get; } = Channel.CreateBounded<PredictionBatchEvent>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public void Dispose()
        {
            _owner.Remove(this);
            Queue.Writer.TryComplete();
        }
    }
}
