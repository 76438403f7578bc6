namespace Lodestone.Predictions;

/// <summary>Hands a batch to the job engine; the host provides it (Hangfire in <c>serve</c> and <c>worker</c>).</summary>
public interface IPredictionScheduler
{
    void Enqueue(Guid batchId);
}
