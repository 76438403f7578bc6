using System.Text.Json;
using Lodestone.Models;
using Lodestone.Training;

namespace Lodestone.Training;

/// <summary>A run as the tracking API shows it, with the latest value of each of its metrics.</summary>
public sealed record RunResponse(
    Guid Id, Guid ProjectId, string Name, string TrainerKind, TrainingRunState State, bool IsExternal, JsonElement Config,
    IReadOnlyList<Guid> DatasetIds, Guid? ParentModelVersionId, Guid OwnerId, RunHardware Hardware, string Queue, int Attempt,
    string? Worker, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, double? DurationSeconds, RunProgress Progress,
    string? Monitor, MetricGoal MonitorGoal, long? BestStep, double? BestValue, IReadOnlyDictionary<string, double> FinalMetrics,
    IReadOnlyDictionary<string, double> LatestMetrics, string? FailureReason, bool CancelRequested,
    IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, string> Tags, int? CheckpointStep,
    ModelVersionRef? ParentModelVersion = null, ModelVersionRef? ModelVersion = null)
{
    /// <summary>
    /// The run as shown; <paramref name="parent"/> is the version it continues from and <paramref name="produced"/> the
    /// version it made, when known.
    /// </summary>
    public static RunResponse Of(TrainingRun run, IReadOnlyDictionary<string, LatestMetric>? latest, DateTime now,
        ModelVersion? parent = null, ModelVersion? produced = null)
    {
        using var config = JsonDocument.Parse(run.Config);
        return new RunResponse(run.Id, run.ProjectId, run.Name, run.TrainerKind, run.State, run.IsExternal, config.RootElement.Clone(),
            run.DatasetIds, run.ParentModelVersionId, run.OwnerId, run.Hardware, run.Queue, run.Attempt, run.Worker, run.CreatedAt,
            run.StartedAt, run.FinishedAt, run.Duration(now)?.TotalSeconds,
            new RunProgress(run.ProgressCompleted, run.ProgressTotal,
                run.ProgressTotal > 0 ? (double)run.ProgressCompleted / run.ProgressTotal : null, run.EstimatedFinishAt),
            run.MonitorMetric, run.MonitorGoal, run.BestStep, run.BestValue, run.FinalMetrics,
            latest?.ToDictionary(m => m.Key, m => m.Value.Value) ?? [], run.FailureReason, run.IsCancelRequested, run.Params, run.Tags,
            run.CheckpointStep, parent is null ? null : ModelVersionRef.Of(parent), produced is null ? null : ModelVersionRef.Of(produced));
    }
}

/// <summary>Steps done of the total (epochs, trees…), the fraction when the total is known, and the estimated finish.</summary>
public sealed record RunProgress(int Completed, int Total, double? Fraction, DateTime? EstimatedFinishAt);
