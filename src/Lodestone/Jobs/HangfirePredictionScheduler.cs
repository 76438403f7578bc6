using Hangfire;
using Hangfire.States;
using Lodestone.Predictions;
using Microsoft.Extensions.Options;

namespace Lodestone.Jobs;

/// <summary>Enqueues a <see cref="PredictionJob"/> in the first queue the job servers take (every server takes it).</summary>
internal sealed class HangfirePredictionScheduler(IBackgroundJobClient jobs, IOptions<JobServerOptions> options) : IPredictionScheduler
{
    public void Enqueue(Guid batchId) =>
        jobs.Create<PredictionJob>(job => job.ExecuteAsync(batchId, CancellationToken.None),
            new EnqueuedState(HangfireRunScheduler.QueueName(options.Value.QueuesOrDefault[0])));
}
