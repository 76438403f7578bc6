using System.Globalization;
using Lodestone.Training;
using Xunit.Abstractions;

namespace Lodestone.Cluster;

/// <summary>A worker process killed in the middle of a run: another worker finishes it from the last checkpoint.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class WorkerRecoveryTests(ITestOutputHelper log)
{
    private const int Epochs = ClusterHarness.MidRunEpochs;

    [PostgresFact]
    public async Task A_run_whose_worker_is_killed_resumes_on_another_worker_from_its_checkpoint_with_every_epoch_once()
    {
        await using var cluster = await ClusterHarness.StartAsync(log, "default", "default");
        await cluster.WaitForJobServersAsync(2);
        cluster.Note("workers are up");
        var created = await cluster.CreateRunAsync(Epochs);
        cluster.Note("run created");
        var events = cluster.RecordServerEvents(created.Id);

        var midway = await cluster.WaitForRunAsync(created.Id, r => r.CheckpointStep >= 2 || ClusterHarness.IsFinal(r));
        var holder = cluster.Workers.Single(w => w.WorkerName == midway.Worker);
        holder.Kill();
        cluster.Note($"killed {holder.Label} after checkpoint {midway.CheckpointStep}");
        var other = cluster.Workers.Single(w => w != holder);
        Assert.True(midway.State == TrainingRunState.Running, $"The run should still be running when its worker is killed; it is {midway.State}.");
        Assert.Equal(1, midway.Attempt);
        var killedAfter = (await cluster.RunAsync(created.Id)).CheckpointStep!.Value;
        Assert.True(killedAfter < Epochs, "The run should be killed before its last epoch.");

        var done = await cluster.WaitForRunAsync(created.Id, r => ClusterHarness.IsFinal(r));
        cluster.Note("run ended");
        await cluster.NoteRunLogAsync(created.Id);

        Assert.True(done.State == TrainingRunState.Completed, $"The run ended {done.State}: {done.FailureReason}\n{cluster.Outputs()}");
        Assert.Equal(2, done.Attempt);
        Assert.Equal(other.WorkerName, done.Worker);
        Assert.Equal(Epochs, done.CheckpointStep);
        // Recovery noticed the dead worker's stale heartbeat: interrupted, queued again, then taken by the other worker.
        await cluster.WaitForServerEventAsync(events, e => e.State == TrainingRunState.Completed);
        AssertInterruptedThenResumed(events);
        // Every epoch's metrics exactly once: none lost with the killed worker, none doubled by the resumed attempt.
        var metrics = await cluster.MetricsAsync(created.Id);
        log.WriteLine("Epoch times (s): " + string.Join(", ", metrics["epoch_time_seconds"].OrderBy(m => m.Step).Select(m => m.Value.ToString("0.00", CultureInfo.InvariantCulture))));
        foreach (var key in new[] { "loss", "val_loss", "learning_rate", "epoch_time_seconds" })
            Assert.Equal(Enumerable.Range(1, Epochs).Select(i => (long)i), metrics[key].Select(m => m.Step).Order());
        var logs = await cluster.LogsAsync(created.Id);
        var resumed = Assert.Single(logs, l => l.Message.StartsWith("Resuming from the checkpoint after step", StringComparison.Ordinal));
        // The checkpoint file of the epoch after the last recorded one may have been written just before the kill.
        var resumedAfter = int.Parse(resumed.Message.TrimEnd('.').Split(' ')[^1], CultureInfo.InvariantCulture);
        Assert.InRange(resumedAfter, killedAfter, Epochs - 1);
    }

    [PostgresFact]
    public async Task A_worker_stopped_with_SIGTERM_interrupts_its_run_and_another_worker_finishes_it_with_every_epoch_once()
    {
        await using var cluster = await ClusterHarness.StartAsync(log, "default", "default");
        await cluster.WaitForJobServersAsync(2);
        // A stop takes effect at the next epoch boundary; with too few epochs they could all finish while the worker is
        // still on its way to stopping its job server.
        const int epochs = Epochs;
        var created = await cluster.CreateRunAsync(epochs);
        var events = cluster.RecordServerEvents(created.Id);
        var midway = await cluster.WaitForRunAsync(created.Id, r => r.CheckpointStep >= 2 || ClusterHarness.IsFinal(r));
        Assert.True(midway.State == TrainingRunState.Running, $"The run should still be running; it is {midway.State}.");
        Assert.True(midway.CheckpointStep < epochs / 2, $"The run should be early in its epochs; it is at {midway.CheckpointStep}.");
        var stopped = cluster.Workers.Single(w => w.WorkerName == midway.Worker);
        var other = cluster.Workers.Single(w => w != stopped);

        // A graceful stop: the worker leaves at the next epoch boundary, marks the run interrupted itself and exits 0.
        var exitCode = await stopped.TerminateAsync(TimeSpan.FromSeconds(60));
        cluster.Note($"{stopped.Label} exited with {exitCode} after checkpoint {midway.CheckpointStep}");
        Assert.Equal(0, exitCode);
        var done = await cluster.WaitForRunAsync(created.Id, ClusterHarness.IsFinal);
        await cluster.NoteRunLogAsync(created.Id);

        Assert.True(done.State == TrainingRunState.Completed, $"The run ended {done.State}: {done.FailureReason}\n{cluster.Outputs()}");
        Assert.Equal(2, done.Attempt);
        Assert.Equal(other.WorkerName, done.Worker);
        await cluster.WaitForServerEventAsync(events, e => e.State == TrainingRunState.Completed);
        AssertInterruptedThenResumed(events);
        var metrics = await cluster.MetricsAsync(created.Id);
        foreach (var key in new[] { "loss", "val_loss" })
            Assert.Equal(Enumerable.Range(1, epochs).Select(i => (long)i), metrics[key].Select(m => m.Step).Order());
        var logs = await cluster.LogsAsync(created.Id);
        Assert.Contains(logs, l => l.Message.StartsWith("The worker stopped; the run continues from its last checkpoint", StringComparison.Ordinal));
        Assert.Single(logs, l => l.Message.StartsWith("Resuming from the checkpoint after step", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task A_worker_that_froze_and_lost_its_run_stops_without_disturbing_the_worker_that_took_it_over()
    {
        await using var cluster = await ClusterHarness.StartAsync(log, "default", "default");
        await cluster.WaitForJobServersAsync(2);
        var created = await cluster.CreateRunAsync(Epochs);
        var midway = await cluster.WaitForRunAsync(created.Id, r => r.CheckpointStep >= 2 || ClusterHarness.IsFinal(r));
        Assert.True(midway.State == TrainingRunState.Running, $"The run should still be running; it is {midway.State}.");
        var frozen = cluster.Workers.Single(w => w.WorkerName == midway.Worker);
        var other = cluster.Workers.Single(w => w != frozen);

        // Frozen past the stale timeout, the run is recovered and the other worker takes it; then the frozen one wakes.
        await frozen.PauseAsync();
        cluster.Note($"paused {frozen.Label} after checkpoint {midway.CheckpointStep}");
        await cluster.WaitForRunAsync(created.Id, r => r.Worker == other.WorkerName && r.State == TrainingRunState.Running || ClusterHarness.IsFinal(r));
        await frozen.ResumeAsync();
        cluster.Note($"resumed {frozen.Label}");
        var done = await cluster.WaitForRunAsync(created.Id, ClusterHarness.IsFinal);

        Assert.True(done.State == TrainingRunState.Completed, $"The run ended {done.State}: {done.FailureReason}\n{cluster.Outputs()}");
        Assert.Equal(2, done.Attempt);
        Assert.Equal(other.WorkerName, done.Worker);
        var metrics = await cluster.MetricsAsync(created.Id);
        Assert.Equal(Enumerable.Range(1, Epochs).Select(i => (long)i), metrics["loss"].Select(m => m.Step).Order());
        var logs = await cluster.LogsAsync(created.Id);
        Assert.DoesNotContain(logs, l => l.Level == Lodestone.Trainers.TrainingLogLevel.Error || l.Message == "Cancelled.");
        await frozen.WaitForOutputAsync("is no longer held by this worker");
    }

    /// <summary>The server announced the run interrupted, then queued again, taken up and completed, in that order.</summary>
    private static void AssertInterruptedThenResumed(IEnumerable<RunEvent> events)
    {
        var states = events.Where(e => e.Kind == RunEventKind.StateChanged).Select(e => e.State!.Value).ToList();
        var interrupted = states.IndexOf(TrainingRunState.Interrupted);
        Assert.True(interrupted >= 0, $"No Interrupted state was announced: {string.Join(" → ", states)}");
        Assert.Equal([TrainingRunState.Interrupted, TrainingRunState.Queued, TrainingRunState.Preparing, TrainingRunState.Running, TrainingRunState.Completed],
            states.Skip(interrupted).ToList());
    }
}
