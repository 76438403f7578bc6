using Hangfire;
using Lodestone.Predictions;

namespace Lodestone.Jobs;

/// <summary>
/// The Hangfire job that runs one prediction batch. It takes the batch's id only; the batch's state lives in the
/// metadata store, so the job is reentrant (a second run of it finds the batch taken and leaves it) and a batch whose
/// process died is queued again by <see cref="PredictionRecovery"/>.
/// </summary>
public sealed class PredictionJob(PredictionExecutor executor, IHostApplicationLifetime lifetime)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [1, 10, 60])]
    [JobDisplayName("Predict batch {0}")]
    public async Task ExecuteAsync(Guid batchId, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await executor.ExecuteAsync(batchId, stopping.Token);
    }
}
