using Lodestone.Trainers;

namespace Lodestone.Models;

/// <summary>
/// A model version as the API shows it. <c>Lineage</c> (on a single version) lists its ancestors, parent first;
/// <c>ArtifactUrl</c> lists the saved model's files through the source run's artifacts. <c>ClonedFromVersionId</c>
/// names the version a clone's facts were copied from (their saved model is the same).
/// </summary>
public sealed record ModelVersionResponse(
    Guid Id, Guid ProjectId, string ModelName, int Number, Guid SourceRunId, ModelVersionRef? Parent, string TrainerKind,
    TrainingTask Task, IReadOnlyList<ModelDataset> Datasets, IReadOnlyList<string> Labels, ModelWindow Window,
    IReadOnlyDictionary<string, double> Metrics, string ArtifactPath, string ArtifactUrl, DateTime CreatedAt, Guid ModelId,
    IReadOnlyList<ModelVersionRef>? Lineage = null, string? VersionLabel = null, string? Notes = null, Guid? ClonedFromVersionId = null,
    Deployments.InferenceBenchmark? Benchmark = null)
{
    public static ModelVersionResponse Of(ModelVersion version, ModelVersion? parent, IReadOnlyList<ModelVersion>? lineage = null,
        Deployments.InferenceBenchmark? benchmark = null) => new(
        version.Id, version.ProjectId, version.ModelName, version.Number, version.SourceRunId,
        parent is null ? null : ModelVersionRef.Of(parent), version.TrainerKind, version.Task, version.Datasets, version.Labels,
        version.Window, version.Metrics, version.ArtifactPath,
        $"/api/projects/{version.ProjectId}/runs/{version.SourceRunId}/artifacts?path={Uri.EscapeDataString(version.ArtifactPath)}",
        version.CreatedAt, version.ModelId, lineage?.Select(ModelVersionRef.Of).ToList(), version.VersionLabel, version.Notes,
        version.ClonedFromVersionId, benchmark);
}
