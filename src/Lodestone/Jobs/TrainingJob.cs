using Hangfire;
using Lodestone.Training;

namespace Lodestone.Jobs;

/// <summary>
/// The Hangfire job that trains one run. It takes the run's id only; all state lives in the metadata store, so the job
/// is reentrant and the run survives the loss of Hangfire's in-memory storage. A run records its own failures, and an
/// interrupted run is requeued by <see cref="RunRecovery"/>; what fails the job itself happened before the run was
/// held (the store unreachable as the job claims it), so Hangfire tries it again, over about three minutes: a run
/// already taken is left alone by the retry, and one still queued would otherwise have no job left to train it.
/// </summary>
public sealed class TrainingJob(RunExecutor executor, IHostApplicationLifetime lifetime)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 5, 15, 60, 120])]
    [JobDisplayName("Train run {0}")]
    public async Task ExecuteAsync(Guid runId, CancellationToken cancellationToken)
    {
        // Hangfire cancels its token only when its server's turn to stop comes; the process stopping (SIGTERM) should
        // reach the run at its next epoch at once, so that it is interrupted rather than trained on to the end.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await executor.ExecuteAsync(runId, stopping.Token);
    }
}
