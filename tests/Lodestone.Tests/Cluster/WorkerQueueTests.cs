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
        const int epochs = 4;
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
    public async Task A_worker_on_the_heavy_queue_leaves_default_runs_to_a_default_worker()
    {
        await using var cluster = await ClusterHarness.StartAsync(log, "heavy");
        await cluster.WaitForJobServersAsync(1);
        var heavyWorker = cluster.Workers[0];
        // The default run is queued first: a worker that took default runs would pick it before the heavy one.
        var light = await cluster.CreateRunAsync(2, queue: "default", name: "light");
        var heavy = await cluster.CreateRunAsync(2, queue: "heavy", name: "heavy");

        var heavyDone = await cluster.WaitForRunAsync(heavy.Id, ClusterHarness.IsFinal);
        Assert.True(heavyDone.State == TrainingRunState.Completed, $"The heavy run ended {heavyDone.State}: {heavyDone.FailureReason}");
        Assert.Equal(heavyWorker.WorkerName, heavyDone.Worker);
        var waiting = await cluster.RunAsync(light.Id);
        Assert.Equal(TrainingRunState.Queued, waiting.State);
        Assert.Equal(0, waiting.Attempt);

        var defaultWorker = cluster.StartWorker("default");
        var lightDone = await cluster.WaitForRunAsync(light.Id, ClusterHarness.IsFinal);
        Assert.True(lightDone.State == TrainingRunState.Completed, $"The default run ended {lightDone.State}: {lightDone.FailureReason}");
        Assert.Equal(defaultWorker.WorkerName, lightDone.Worker);
    }
}
