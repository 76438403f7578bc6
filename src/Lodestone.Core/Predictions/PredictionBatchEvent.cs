namespace Lodestone.Predictions;

/// <summary>A batch changed state or moved on: enough for a live view to redraw its progress, or reload the batch.</summary>
public sealed record PredictionBatchEvent(Guid BatchId, Guid ProjectId, Guid DatasetId, PredictionBatchState State, int Completed, int Total);
