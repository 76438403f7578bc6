using System.Text.Json.Serialization;

namespace Lodestone.Mlflow;

// MLflow's model registry and logged-model shapes (mlflow/protos/model_registry.proto, service.proto), snake_case by MlflowJson.

internal sealed record MlflowRegisteredModel(string Name, long CreationTimestamp, long LastUpdatedTimestamp, string UserId, string Description,
    List<MlflowModelVersion> LatestVersions, List<MlflowTag> Tags, List<MlflowAlias> Aliases);

internal sealed record MlflowAlias(string Alias, string Version);

internal sealed record MlflowModelVersion(string Name, string Version, long CreationTimestamp, long LastUpdatedTimestamp, string UserId,
    string CurrentStage, string Description, string Source, string RunId, string Status, string StatusMessage, List<MlflowTag> Tags,
    string RunLink, List<string> Aliases, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ModelId);

internal sealed record MlflowLoggedModel(MlflowLoggedModelInfo Info, MlflowLoggedModelData Data);

internal sealed record MlflowLoggedModelInfo(string ModelId, string ExperimentId, string Name, long CreationTimestampMs, long LastUpdatedTimestampMs,
    string ArtifactUri, string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ModelType, string SourceRunId,
    string StatusMessage, List<MlflowTag> Tags, List<MlflowRegistration> Registrations);

internal sealed record MlflowRegistration(string Name, string Version);

internal sealed record MlflowLoggedModelData(List<MlflowTag> Params, List<MlflowMetric> Metrics);

internal sealed record RegisteredModelBody(string? Name, string? NewName, string? Description, List<MlflowTag>? Tags, string? Key, string? Value,
    string? Alias, string? Version, List<string>? Stages);

internal sealed record RegistrySearchBody(string? Filter, long? MaxResults, List<string>? OrderBy, string? PageToken);

internal sealed record ModelVersionBody(string? Name, string? Version, string? Source, string? RunId, List<MlflowTag>? Tags, string? RunLink,
    string? Description, string? ModelId, string? Key, string? Value);

internal sealed record CreateLoggedModelBody(string? ExperimentId, string? Name, string? ModelType, string? SourceRunId, List<MlflowTag>? Params, List<MlflowTag>? Tags);

internal sealed record LoggedModelChangeBody(string? ModelId, string? Status, List<MlflowTag>? Tags, List<MlflowTag>? Params);

internal sealed record LoggedModelOrder(string? FieldName, bool? Ascending);

internal sealed record SearchLoggedModelsBody(List<string>? ExperimentIds, string? Filter, long? MaxResults, List<LoggedModelOrder>? OrderBy, string? PageToken);

internal sealed record RunOutput(string? ModelId, long? Step);

internal sealed record LogOutputsBody(string? RunId, List<RunOutput>? Models);
