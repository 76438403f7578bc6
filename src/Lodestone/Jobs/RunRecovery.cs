using Hangfire.InMemory;
using Hangfire;
using Lodestone.Data;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lodestone.Jobs;

/// <summary>
/// Brings runs back after a process died. At start-up with the embedded (in-memory) job storage, every run this
/// storage forgot is enqueued again: queued runs, and runs left preparing or running, which are marked interrupted
/// and queued. With PostgreSQL the queue is durable; there, and periodically everywhere, runs whose worker stopped
/// beating are interrupted and queued again. They resume from their last checkpoint.
/// </summary>
internal sealed class RunRecovery(IServiceScopeFactory scopes, JobStorage storage, IRunScheduler scheduler,
    IOptions<RunExecutorOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<RunRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var embedded = storage is InMemoryStorage;
        try
        {
            // Only once the host has started (a server listens on its port): a serve that cannot bind exits without
            // having interrupted and queued again the runs of the folder.
            await WhenStartedAsync(stoppingToken);
            await RecoverAsync(everyHeldRun: embedded, requeueQueued: embedded, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.StaleAfter / 2, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RecoverAsync(everyHeldRun: false, requeueQueued: false, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Looking for abandoned runs failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <param name="everyHeldRun">Whether every run held by a worker is orphaned (only this process trains, and it just started).</param>
    /// <param name="requeueQueued">Whether queued runs need a new job (the job storage was in memory and is empty).</param>
    private async Task RecoverAsync(bool everyHeldRun, bool requeueQueued, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var training = scope.ServiceProvider.GetRequiredService<TrainingService>();
        var staleBefore = clock.GetUtcNow().UtcDateTime - options.Value.StaleAfter;
        var held = await training.Runs.AsNoTracking()
            .Where(r => !r.IsExternal && (r.State == TrainingRunState.Preparing || r.State == TrainingRunState.Running || r.State == TrainingRunState.Interrupted))
            .Select(r => new { r.Id, r.State, r.HeartbeatAt })
            .ToListAsync(cancellationToken);
        foreach (var run in held.Where(r => everyHeldRun || r.State == TrainingRunState.Interrupted || IsStale(r.HeartbeatAt, staleBefore)))
        {
            // The list may be old by now: another process may have recovered the run and a worker taken it, with a
            // fresh heartbeat. So the change looks again, on the newest state, before it interrupts anything.
            string? why = null;
            var interrupted = await training.ChangeAsync(run.Id, (r, now) =>
            {
                why = null;
                if (r.State is not (TrainingRunState.Preparing or TrainingRunState.Running) || !(everyHeldRun || IsStale(r.HeartbeatAt, staleBefore))) return;
                why = everyHeldRun ? RunInterruption.ServerRestarted(r) : RunInterruption.HeartbeatStale(r, options.Value.StaleAfter);
                r.Interrupt(now);
            }, cancellationToken);
            // The run's own log says why it stopped, for whoever opens its page.
            if (why is not null && interrupted is not null)
                await training.AppendLogAsync(interrupted.Id, interrupted.ProjectId, Lodestone.Trainers.TrainingLogLevel.Warning, why, cancellationToken);
            // A second change, so that views see the run interrupted before it waits again; only the process that
            // queues it enqueues its job (others find it queued already).
            var requeued = false;
            var queuedRun = await training.ChangeAsync(run.Id, (r, _) =>
            {
                requeued = r.State == TrainingRunState.Interrupted;
                if (requeued) r.Requeue();
            }, cancellationToken);
            if (requeued && queuedRun is not null)
            {
                logger.LogInformation("Run {RunId} was interrupted; queued again to resume from its checkpoint", run.Id);
                if (!requeueQueued) scheduler.Enqueue(queuedRun.Id, queuedRun.Queue);
            }
        }
        if (!requeueQueued) return;
        var queued = await training.Runs.AsNoTracking().Where(r => !r.IsExternal && r.State == TrainingRunState.Queued)
            .OrderBy(r => r.CreatedAt).Select(r => new { r.Id, r.Queue }).ToListAsync(cancellationToken);
        foreach (var run in queued) scheduler.Enqueue(run.Id, run.Queue);
        if (queued.Count > 0) logger.LogInformation("Enqueued {Count} queued runs again", queued.Count);
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private static bool IsStale(DateTime? heartbeat, DateTime staleBefore) => heartbeat is null || heartbeat < staleBefore;
}
