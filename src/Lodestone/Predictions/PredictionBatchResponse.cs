using Lodestone.Trainers;

namespace Lodestone.Predictions;

/// <summary>A prediction batch as the API shows it: what predicts over what, its state and progress, and its summary.</summary>
public sealed record PredictionBatchResponse(
    Guid Id, Guid ProjectId, Guid ModelVersionId, string ModelName, int VersionNumber, TrainingTask Task, Guid DatasetId, Guid? SourceRunId,
    PredictionBatchState State, int ProgressCompleted, int ProgressTotal, long WindowCount, long? FlaggedCount,
    IReadOnlyDictionary<string, long> LabelCounts, double? ScoreMin, double? ScoreMax, double? ScoreMean, double? Threshold, string? Error,
    Guid? CreatedBy, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt)
{
    public static PredictionBatchResponse Of(PredictionBatch b) => new(b.Id, b.ProjectId, b.ModelVersionId, b.ModelName, b.VersionNumber, b.Task,
        b.DatasetId, b.SourceRunId, b.State, b.ProgressCompleted, b.ProgressTotal, b.WindowCount, b.FlaggedCount, b.LabelCounts, b.ScoreMin,
        b.ScoreMax, b.ScoreMean, b.Threshold, b.Error, b.CreatedBy, b.CreatedAt, b.StartedAt, b.FinishedAt);
}
