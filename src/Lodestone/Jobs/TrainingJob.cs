using Hangfire;
using Lodestone.Training;

namespace Lodestone.Jobs;

/// <summary>
/// The Hangfire job that trains one run. It takes the run's id only; all state lives in the metadata store, so the job
/// is reentrant and the run survives the loss of Hangfire's in-memory storage. Hangfire does not retry it: a failure
/// is recorded on the run, and an interrupted run is requeued by <see cref="RunRecovery"/>.
/// </summary>
public sealed class TrainingJob(RunExecutor executor, IHostApplicationLifetime lifetime)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Train run {0}")]
    public async Task ExecuteAsync(Guid runId, CancellationToken cancellationToken)
    {
        // Hangfire cancels its token only when its server's turn to stop comes; the process stopping (SIGTERM) should
        // reach the run at its next epoch at once, so that it is interrupted rather than trained on to the end.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await executor.ExecuteAsync(runId, stopping.Token);
    }
}
