using Microsoft.EntityFrameworkCore;
using Lodestone.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Training;

public class RunExecutorTests
{
    [Fact]
    public async Task Execute_TrainsTheRunToCompletion_WithEveryEpochsMetricsAndTheModelSaved()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var run = await engine.CreateRunAsync(LogisticRegressionTrainer.KindName, new { epochs = 8, learningRate = 0.5 }, monitor: "loss");
        Assert.Equal([run.Id], engine.Enqueued);

        await engine.Executor.ExecuteAsync(run.Id, CancellationToken.None);

        var done = await engine.RunAsync(run.Id);
        Assert.Equal(TrainingRunState.Completed, done.State);
        Assert.Equal((8, 8), (done.ProgressCompleted, done.ProgressTotal));
        Assert.Equal(7, done.BestStep);
        Assert.True(done.FinalMetrics["accuracy"] > 0.9, $"accuracy {done.FinalMetrics["accuracy"]}");
        var losses = await engine.InScopeAsync(s => s.GetRequiredService<MetricStore>().HistoryAsync(run.Id, "loss"));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), losses.Select(m => m.Step));
        Assert.True(losses[^1].Value < losses[0].Value);
        Assert.True(File.Exists(Path.Combine(engine.Services.GetRequiredService<RunFiles>().FilesFolder(run.ProjectId, run.Id), "model", "weights.txt")));
        var logs = await engine.InScopeAsync(s => s.GetRequiredService<TrainingService>().LogsAsync(run.Id));
        Assert.Contains(logs, l => l.Message.Contains("starting at epoch 0"));
    }

    [Fact]
    public async Task A_run_interrupted_by_its_worker_stopping_resumes_from_its_checkpoint_with_every_metric_exactly_once()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var run = await engine.CreateRunAsync(LogisticRegressionTrainer.KindName, new { epochs = 10 });
        using var workerStopping = new CancellationTokenSource();
        using var _ = engine.Events.Subscribe(e =>
        {
            if (e.Kind == RunEventKind.Metrics && e.Metrics!.Any(m => m.Step == 4)) workerStopping.Cancel();
            return Task.CompletedTask;
        }, runId: run.Id);

        await engine.Executor.ExecuteAsync(run.Id, workerStopping.Token);
        var interrupted = await engine.RunAsync(run.Id);
        Assert.Equal(TrainingRunState.Interrupted, interrupted.State);
        // Events reach subscribers through their own queue, so the stop lands at step 4 or a little after.
        var checkpoint = interrupted.CheckpointStep!.Value;
        Assert.InRange(checkpoint, 4, 8);

        // Another worker picks the run up again.
        await engine.Executor.ExecuteAsync(run.Id, CancellationToken.None);

        var done = await engine.RunAsync(run.Id);
        Assert.Equal(TrainingRunState.Completed, done.State);
        Assert.Equal(2, done.Attempt);
        await using var db = engine.Database.Open();
        var metrics = await db.Set<Metric>().Where(m => m.RunId == run.Id).ToListAsync();
        foreach (var key in new[] { "loss", "accuracy" })
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), metrics.Where(m => m.Key == key).Select(m => m.Step).Order());
        var logs = await engine.InScopeAsync(s => s.GetRequiredService<TrainingService>().LogsAsync(run.Id));
        Assert.Contains(logs, l => l.Message.Contains($"Resuming from the checkpoint after step {checkpoint}"));
        Assert.Contains(logs, l => l.Message.Contains($"starting at epoch {checkpoint + 1} of 10"));
    }

    [Fact]
    public async Task RequestCancel_StopsARunningRun_AtTheNextEpoch()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var run = await engine.CreateRunAsync(LogisticRegressionTrainer.KindName, new { epochs = 50 });
        using var _ = engine.Events.Subscribe(async e =>
        {
            if (e.Kind == RunEventKind.Metrics && e.Metrics!.Any(m => m.Step == 2))
                await engine.InScopeAsync(s => s.GetRequiredService<TrainingService>().RequestCancelAsync(run.Id));
        }, runId: run.Id);

        await engine.Executor.ExecuteAsync(run.Id, CancellationToken.None);

        var cancelled = await engine.RunAsync(run.Id);
        Assert.Equal(TrainingRunState.Cancelled, cancelled.State);
        var losses = await engine.InScopeAsync(s => s.GetRequiredService<MetricStore>().HistoryAsync(run.Id, "loss"));
        // The request and the worker's notice of it each pass through a subscriber's queue: a few epochs, not fifty.
        Assert.InRange(losses.Count, 3, 12);
    }

    [Fact]
    public async Task Execute_WritesWhyTheRunWasInterrupted_IntoItsLog_WhenItsWorkerStoppedBeating()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var run = await engine.CreateRunAsync(LogisticRegressionTrainer.KindName, new { epochs = 2 });
        var longAgo = DateTime.UtcNow.AddHours(-1);
        await engine.InScopeAsync(s => s.GetRequiredService<TrainingService>().ChangeAsync(run.Id, (r, _) =>
        {
            r.Prepare("dead-worker:1", RunHardware.OfThisMachine(), longAgo);
            r.Start(longAgo);
        }));

        await engine.Executor.ExecuteAsync(run.Id, CancellationToken.None);

        var done = await engine.RunAsync(run.Id);
        Assert.Equal(TrainingRunState.Completed, done.State);
        var logs = await engine.InScopeAsync(s => s.GetRequiredService<TrainingService>().LogsAsync(run.Id));
        Assert.Contains(logs, l => l.Message.StartsWith("Interrupted: no heartbeat from dead-worker:1 since", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_CompletesTheRun_WhenASubscriberOfItsEventsNeverReturns()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var run = await engine.CreateRunAsync(LogisticRegressionTrainer.KindName, new { epochs = 8 });
        var stuck = new TaskCompletionSource();
        // A run page whose browser is gone: its handler waits on a chart update that never answers.
        using var _ = engine.Events.Subscribe(_ => stuck.Task, runId: run.Id);

        await engine.Executor.ExecuteAsync(run.Id, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        var done = await engine.RunAsync(run.Id);
        Assert.Equal(TrainingRunState.Completed, done.State);
        var losses = await engine.InScopeAsync(s => s.GetRequiredService<MetricStore>().HistoryAsync(run.Id, "loss"));
        Assert.Equal(8, losses.Count);
        stuck.SetResult();
    }

    [Fact]
    public async Task Execute_FailsTheRunWithAReason_WhenNoTrainerHasItsKind()
    {
        await using var engine = await EngineHarness.CreateAsync();
        // Creation refuses an unknown kind; a run stored by a process that knew one (a worker without the deep trainers) is what fails here.
        var run = TrainingRun.CreateInternal(engine.Database.ProjectId, "test run", "no-such-trainer", "{}", [Guid.NewGuid()], engine.Database.UserId, DateTime.UtcNow);
        await engine.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<Lodestone.Data.LodestoneDb>();
            db.Add(run);
            return await db.SaveChangesAsync();
        });
        await engine.Executor.ExecuteAsync(run.Id, CancellationToken.None);
        var failed = await engine.RunAsync(run.Id);
        Assert.Equal(TrainingRunState.Failed, failed.State);
        Assert.Contains("No trainer 'no-such-trainer'", failed.FailureReason);
    }

    [Fact]
    public async Task Execute_TrainsAnIsolationForest()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var run = await engine.CreateRunAsync("isolation-forest", new { trees = 20, contamination = 0.05 });
        await engine.Executor.ExecuteAsync(run.Id, CancellationToken.None);
        var done = await engine.RunAsync(run.Id);
        Assert.True(done.State == TrainingRunState.Completed, done.FailureReason);
        Assert.True(done.FinalMetrics.ContainsKey("threshold"));
        Assert.Equal((20, 20), (done.ProgressCompleted, done.ProgressTotal));
    }

    [Fact]
    public async Task A_run_enqueued_twice_is_trained_once()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var run = await engine.CreateRunAsync(LogisticRegressionTrainer.KindName, new { epochs = 5 });
        await Task.WhenAll(engine.Executor.ExecuteAsync(run.Id, CancellationToken.None), engine.Executor.ExecuteAsync(run.Id, CancellationToken.None));
        var done = await engine.RunAsync(run.Id);
        Assert.Equal(TrainingRunState.Completed, done.State);
        Assert.Equal(1, done.Attempt);
    }
}
