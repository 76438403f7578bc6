using Lodestone.Training;
using Xunit.Abstractions;

namespace Lodestone.Cluster;

/// <summary>Worker processes sharing one PostgreSQL job queue: runs spread over them, each trained once, by queue.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class WorkerQueueTests(ITestOutputHelper log)
{
    [PostgresFact]
    public async Task Runs_queued_for_two_workers_spread_over_both_and_each_is_trained_exactly_once()
    {
        const int epochs = 3;
        await using var cluster = await ClusterHarness.StartAsync(log, "default,heavy", "default,heavy");
        await cluster.WaitForJobServersAsync(2);
        var created = new List<RunResponse>();
        for (var i = 0; i < 4; i++) created.Add(await cluster.CreateRunAsync(epochs, name: $"run {i + 1}"));

        var done = new List<RunResponse>();
        foreach (var run in created) done.Add(await cluster.WaitForRunAsync(run.Id, ClusterHarness.IsFinal));

        Assert.All(done, r => Assert.True(r.State == TrainingRunState.Completed, $"{r.Name} ended {r.State}: {r.FailureReason}"));
        Assert.Equal(cluster.Workers.Select(w => w.WorkerName).Order(), done.Select(r => r.Worker!).Distinct().Order());
        foreach (var run in done)
        {
            // Trained once: one attempt, one fit in its log, every epoch's metrics once.
            Assert.Equal(1, run.Attempt);
            var logs = await cluster.LogsAsync(run.Id);
            Assert.Single(logs, l => l.Message.StartsWith("conv-autoencoder on ", StringComparison.Ordinal));
            var metrics = await cluster.MetricsAsync(run.Id);
            Assert.Equal(Enumerable.Range(1, epochs).Select(i => (long)i), metrics["loss"].Select(m => m.Step).Order());
        }
    }

    [PostgresFact]
    public async Task A_worker_on_the_heavy_queue_takes_only_heavy_runs()
    {
        await using var cluster = await ClusterHarness.StartAsync(log, "heavy", "default");
        await cluster.WaitForJobServersAsync(2);
        var (heavyWorker, defaultWorker) = (cluster.Workers[0], cluster.Workers[1]);
        // Two default runs before the heavy one: while the default worker trains the first, the second waits with the
        // heavy worker idle (or done with its heavy run); a heavy worker that took default runs would take it.
        var defaults = new[] { await cluster.CreateRunAsync(3, queue: "default", name: "light 1"), await cluster.CreateRunAsync(3, queue: "default", name: "light 2") };
        var heavy = await cluster.CreateRunAsync(2, queue: "heavy", name: "heavy");

        var heavyDone = await cluster.WaitForRunAsync(heavy.Id, ClusterHarness.IsFinal);
        Assert.True(heavyDone.State == TrainingRunState.Completed, $"The heavy run ended {heavyDone.State}: {heavyDone.FailureReason}");
        Assert.Equal(heavyWorker.WorkerName, heavyDone.Worker);
        foreach (var run in defaults)
        {
            var done = await cluster.WaitForRunAsync(run.Id, ClusterHarness.IsFinal);
            Assert.True(done.State == TrainingRunState.Completed, $"{done.Name} ended {done.State}: {done.FailureReason}");
            Assert.Equal(defaultWorker.WorkerName, done.Worker);
            Assert.Equal(1, done.Attempt);
        }
    }
}
