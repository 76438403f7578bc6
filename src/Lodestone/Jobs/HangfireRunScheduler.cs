using Hangfire;
using Hangfire.States;
using Lodestone.Training;
using Microsoft.Extensions.Options;

namespace Lodestone.Jobs;

/// <summary>Enqueues a <see cref="TrainingJob"/> for a run in the run's queue, one of the configured ones.</summary>
internal sealed class HangfireRunScheduler(IBackgroundJobClient jobs, IOptions<JobServerOptions> options) : IRunScheduler
{
    public IReadOnlyList<string> Queues => options.Value.QueuesOrDefault;

    public void Enqueue(Guid runId, string queue) =>
        jobs.Create<TrainingJob>(job => job.ExecuteAsync(runId, CancellationToken.None), new EnqueuedState(QueueName(queue)));

    /// <summary>Hangfire accepts lower-case letters, digits and underscores only.</summary>
    public static string QueueName(string queue)
    {
        var name = new string(queue.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return name.Length == 0 ? EnqueuedState.DefaultQueue : name;
    }
}
