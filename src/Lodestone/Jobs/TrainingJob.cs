using Hangfire;
using Lodestone.Training;

namespace Lodestone.Jobs;

/// <summary>
/// The Hangfire job that trains one run. It takes the run's id only; all state lives in the metadata store, so the job
/// is reentrant and the run survives the loss of Hangfire's in-memory storage. Hangfire does not retry it: a failure
/// is recorded on the run, and an interrupted run is requeued by <see cref="RunRecovery"/>.
/// </summary>
public sealed class TrainingJob(RunExecutor executor)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Train run {0}")]
    public Task ExecuteAsync(Guid runId, CancellationToken cancellationToken) => executor.ExecuteAsync(runId, cancellationToken);
}
