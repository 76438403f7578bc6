namespace Lodestone.Predictions;

/// <summary>Where a batch prediction is: waiting for a worker, predicting, or ended one of three ways.</summary>
public enum PredictionBatchState
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
