using Hangfire;
using Hangfire.InMemory;
using Lodestone.Predictions;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lodestone.Jobs;

/// <summary>
/// Brings prediction batches back after a process died, as <see cref="RunRecovery"/> does runs. At start-up with the
/// embedded (in-memory) job storage, queued batches get a job again and running ones (their process is gone) are
/// queued again; everywhere, periodically, running batches whose worker stopped beating are queued again. A batch
/// queued again starts from its first window: its partial results were never published.
/// </summary>
internal sealed class PredictionRecovery(IServiceScopeFactory scopes, JobStorage storage, IPredictionScheduler scheduler,
    IOptions<RunExecutorOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<PredictionRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var embedded = storage is InMemoryStorage;
        try
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            await started.Task.WaitAsync(stoppingToken);
            await RecoverAsync(embedded, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.StaleAfter / 2, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RecoverAsync(startUp: false, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Looking for abandoned prediction batches failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <param name="startUp">This process just started on in-memory job storage: every running batch is orphaned and no job exists.</param>
    private async Task RecoverAsync(bool startUp, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var predictions = scope.ServiceProvider.GetRequiredService<PredictionService>();
        var staleAfter = options.Value.StaleAfter;
        var now = clock.GetUtcNow().UtcDateTime;
        var running = await predictions.Batches.AsNoTracking().Where(b => b.State == PredictionBatchState.Running)
            .Select(b => new { b.Id, b.HeartbeatAt }).ToListAsync(cancellationToken);
        foreach (var batch in running.Where(b => startUp || b.HeartbeatAt is null || b.HeartbeatAt < now - staleAfter))
        {
            var requeued = false;
            // Looked at again on the newest state: another process may have taken it up meanwhile.
            await predictions.ChangeAsync(batch.Id, b =>
            {
                requeued = b.State == PredictionBatchState.Running && (startUp || b.IsStale(clock.GetUtcNow().UtcDateTime, staleAfter));
                if (requeued) b.Requeue();
            }, cancellationToken);
            if (!requeued) continue;
            logger.LogInformation("Prediction batch {BatchId} was interrupted; queued again", batch.Id);
            if (!startUp) scheduler.Enqueue(batch.Id);
        }
        if (!startUp) return;
        var queued = await predictions.Batches.AsNoTracking().Where(b => b.State == PredictionBatchState.Queued)
            .OrderBy(b => b.CreatedAt).Select(b => b.Id).ToListAsync(cancellationToken);
        foreach (var id in queued) scheduler.Enqueue(id);
        if (queued.Count > 0) logger.LogInformation("Enqueued {Count} queued prediction batches again", queued.Count);
    }
}
