using System.Text.Json.Serialization;

namespace Lodestone.Mlflow;

// MLflow's REST shapes (mlflow/protos/service.proto), serialized snake_case by MlflowJson.

internal sealed record MlflowTag(string Key, string Value);

internal sealed record MlflowExperiment(string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage,
    long CreationTime, long LastUpdateTime, List<MlflowTag> Tags);

internal sealed record MlflowMetric(string Key, double Value, long Timestamp, long Step);

internal sealed record MlflowRunInfo(string RunId, string RunUuid, string RunName, string ExperimentId, string UserId, string Status,
    long StartTime, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? EndTime, string ArtifactUri, string LifecycleStage);

internal sealed record MlflowRunData(List<MlflowMetric> Metrics, List<MlflowTag> Params, List<MlflowTag> Tags);

internal sealed record MlflowRun(MlflowRunInfo Info, MlflowRunData Data, MlflowRunInputs Inputs);

internal sealed record MlflowRunInputs();

internal sealed record CreateExperimentBody(string? Name, string? ArtifactLocation, List<MlflowTag>? Tags);

internal sealed record SearchExperimentsBody(long? MaxResults, string? PageToken, string? Filter, List<string>? OrderBy, string? ViewType);

internal sealed record CreateRunBody(string? ExperimentId, string? UserId, string? RunName, long? StartTime, List<MlflowTag>? Tags);

internal sealed record UpdateRunBody(string? RunId, string? RunUuid, string? Status, long? EndTime, string? RunName);

internal sealed record RunIdBody(string? RunId, string? RunUuid);

internal sealed record LogMetricBody(string? RunId, string? RunUuid, string? Key, double? Value, long? Timestamp, long? Step);

internal sealed record KeyValueBody(string? RunId, string? RunUuid, string? Key, string? Value);

internal sealed record MetricBody(string? Key, double? Value, long? Timestamp, long? Step);

internal sealed record LogBatchBody(string? RunId, List<MetricBody>? Metrics, List<MlflowTag>? Params, List<MlflowTag>? Tags);

internal sealed record SearchRunsBody(List<string>? ExperimentIds, string? Filter, string? RunViewType, long? MaxResults, List<string>? OrderBy, string? PageToken);

internal sealed record UpdateExperimentBody(string? ExperimentId, string? NewName);

internal sealed record ExperimentTagBody(string? ExperimentId, string? Key, string? Value);

internal sealed record ExperimentIdBody(string? ExperimentId);
