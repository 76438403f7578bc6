using System.Threading.Channels;

namespace Lodestone.Training;

/// <summary>
/// One subscriber of <see cref="RunEvents"/>: a bounded queue that publishers only ever write to without waiting, and a
/// pump that hands the queued events to the handler one at a time. Progress of a run coalesces while it waits (only the
/// newest matters); every other event is delivered, or the subscriber is disconnected, never silently skipped.
/// </summary>
internal sealed class RunEventSubscription : IDisposable
{
    private readonly RunEvents _owner;
    private readonly Func<RunEvent, Task> _handler;
    private readonly Guid? _projectId;
    private readonly Guid? _runId;
    private readonly Action? _disconnected;
    private readonly Channel<Slot> _queue = Channel.CreateBounded<Slot>(
        new BoundedChannelOptions(RunEvents.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _gate = new();
    // The progress slot of each run still waiting in the queue, which a newer progress event overwrites.
    private readonly Dictionary<Guid, Slot> _waitingProgress = [];
    private int _ended;

    public RunEventSubscription(RunEvents owner, Func<RunEvent, Task> handler, Guid? projectId, Guid? runId, Action? disconnected)
    {
        _owner = owner;
        _handler = handler;
        _projectId = projectId;
        _runId = runId;
        _disconnected = disconnected;
        _ = Task.Run(PumpAsync);
    }

    public void Offer(RunEvent runEvent)
    {
        if (_projectId is { } p && p != runEvent.ProjectId) return;
        if (_runId is { } r && r != runEvent.RunId) return;
        lock (_gate)
        {
            if (runEvent.Kind == RunEventKind.Progress && _waitingProgress.TryGetValue(runEvent.RunId, out var waiting))
            {
                waiting.Event = runEvent;
                return;
            }
            var slot = new Slot(runEvent);
            if (!_queue.Writer.TryWrite(slot))
            {
                if (Volatile.Read(ref _ended) == 0)
                    _ = Task.Run(() => Disconnect($"it fell {RunEvents.QueueCapacity:N0} events behind", null));
                return;
            }
            if (runEvent.Kind == RunEventKind.Progress) _waitingProgress[runEvent.RunId] = slot;
        }
    }

    private async Task PumpAsync()
    {
        var failures = 0;
        await foreach (var slot in _queue.Reader.ReadAllAsync())
        {
            // A disposed subscriber (a closed page) gets nothing more, not even what was waiting.
            if (Volatile.Read(ref _ended) != 0) return;
            RunEvent runEvent;
            lock (_gate)
            {
                runEvent = slot.Event;
                if (runEvent.Kind == RunEventKind.Progress) _waitingProgress.Remove(runEvent.RunId);
            }
            try
            {
                await _handler(runEvent);
                failures = 0;
            }
            catch (Exception e)
            {
                // A broken view must not stop training or other views; one that keeps failing is gone.
                if (++failures >= RunEvents.MaxConsecutiveFailures)
                {
                    Disconnect($"its handler failed {failures} times in a row", e);
                    return;
                }
                if (failures == 1) _owner.Failed(e);
            }
        }
    }

    private void Disconnect(string why, Exception? failure)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return;
        _queue.Writer.TryComplete();
        _owner.Disconnected(this, why, failure);
        try
        {
            _disconnected?.Invoke();
        }
        catch (Exception e)
        {
            _owner.Failed(e);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return;
        _queue.Writer.TryComplete();
        _owner.Remove(this);
    }

    private sealed class Slot(RunEvent runEvent)
    {
        public RunEvent Event { get; set; } = runEvent;
    }
}
