namespace Lodestone.Training;

/// <summary>Hands an internal run to the job engine. The run's durable state is in the metadata store; the scheduler only wakes a worker.</summary>
public interface IRunScheduler
{
    /// <summary>Enqueues a job for the run in its queue. Enqueuing a run twice is harmless: the job claims the run or leaves.</summary>
    void Enqueue(Guid runId, string queue);

    /// <summary>The queues a run may name: those the job engine is configured to serve.</summary>
    IReadOnlyList<string> Queues { get; }
}
