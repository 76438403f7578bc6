using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lodestone.Training;

public class RunEventsTests
{
    private static readonly Guid Project = Guid.NewGuid();
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    private static RunEvent Metrics(Guid run, long step) =>
        new(run, Project, RunEventKind.Metrics) { Metrics = [new MetricValue("loss", step, 1.0 / (step + 1), 0)] };

    private static RunEvent Progress(Guid run, int completed) =>
        new(run, Project, RunEventKind.Progress) { Completed = completed, Total = 1000 };

    [Fact]
    public async Task Publish_ReachesOtherSubscribersInOrder_WhileOneSubscriberNeverReturns()
    {
        var events = new RunEvents(NullLogger<RunEvents>.Instance);
        var run = Guid.NewGuid();
        var stuck = new TaskCompletionSource();
        using var dead = events.Subscribe(_ => stuck.Task, Project);
        var received = new ConcurrentQueue<long>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var live = events.Subscribe(e =>
        {
            received.Enqueue(e.Metrics![0].Step);
            if (received.Count == 50) all.TrySetResult();
            return Task.CompletedTask;
        }, Project, run);

        for (var step = 0; step < 50; step++) events.Publish(Metrics(run, step));

        await all.Task.WaitAsync(GiveUp);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), received);
        stuck.SetResult();
    }

    [Fact]
    public async Task Publish_CoalescesWaitingProgressToTheNewest_AndDropsNothingElse()
    {
        var events = new RunEvents(NullLogger<RunEvents>.Instance);
        var run = Guid.NewGuid();
        var release = new TaskCompletionSource();
        var received = new ConcurrentQueue<RunEvent>();
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slow = events.Subscribe(async e =>
        {
            received.Enqueue(e);
            if (e.Kind == RunEventKind.Metrics && e.Metrics![0].Step == 0) await release.Task;
            if (e.Kind == RunEventKind.Metrics && e.Metrics![0].Step == 2) last.TrySetResult();
        }, Project);

        events.Publish(Metrics(run, 0));
        for (var i = 1; i <= 500; i++) events.Publish(Progress(run, i));
        events.Publish(Metrics(run, 1));
        for (var i = 501; i <= 600; i++) events.Publish(Progress(run, i));
        events.Publish(Metrics(run, 2));
        release.SetResult();

        await last.Task.WaitAsync(GiveUp);
        var kinds = received.Select(e => e.Kind == RunEventKind.Metrics ? $"m{e.Metrics![0].Step}" : $"p{e.Completed}").ToList();
        // The first metric went to the handler before anything waited; the run's waiting progress is one event, in the
        // place of the first, carrying the newest; every metric arrives.
        Assert.Equal(["m0", "p600", "m1", "m2"], kinds);
    }

    [Fact]
    public async Task A_subscriber_that_falls_too_far_behind_is_disconnected_and_publishing_goes_on()
    {
        var events = new RunEvents(NullLogger<RunEvents>.Instance);
        var run = Guid.NewGuid();
        var stuck = new TaskCompletionSource();
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var dead = events.Subscribe(_ => stuck.Task, Project, disconnected: disconnected.SetResult);
        Assert.Equal(1, events.SubscriberCount);

        for (var step = 0; step < RunEvents.QueueCapacity + 2; step++) events.Publish(Metrics(run, step));

        await disconnected.Task.WaitAsync(GiveUp);
        Assert.Equal(0, events.SubscriberCount);
        stuck.SetResult();
    }

    [Fact]
    public async Task A_subscriber_whose_handler_keeps_failing_is_disconnected()
    {
        var events = new RunEvents(NullLogger<RunEvents>.Instance);
        var run = Guid.NewGuid();
        var calls = 0;
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var broken = events.Subscribe(_ =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("the circuit is gone");
        }, Project, disconnected: disconnected.SetResult);

        for (var step = 0; step < 10; step++) events.Publish(Metrics(run, step));

        await disconnected.Task.WaitAsync(GiveUp);
        Assert.Equal(RunEvents.MaxConsecutiveFailures, calls);
        Assert.Equal(0, events.SubscriberCount);
    }

    [Fact]
    public async Task A_disposed_subscriber_gets_nothing_more()
    {
        var events = new RunEvents(NullLogger<RunEvents>.Instance);
        var run = Guid.NewGuid();
        var release = new TaskCompletionSource();
        var received = new ConcurrentQueue<long>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = events.Subscribe(async e =>
        {
            received.Enqueue(e.Metrics![0].Step);
            first.TrySetResult();
            await release.Task;
        }, Project);
        events.Publish(Metrics(run, 0));
        await first.Task.WaitAsync(GiveUp);
        events.Publish(Metrics(run, 1));

        subscription.Dispose();
        release.SetResult();
        var after = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var witness = events.Subscribe(_ => { after.TrySetResult(); return Task.CompletedTask; }, Project);
        events.Publish(Metrics(run, 2));
        await after.Task.WaitAsync(GiveUp);

        Assert.Equal([0L], received);
    }
}
