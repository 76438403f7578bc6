using System.Text.Json;

namespace Lodestone.Training;

/// <summary>What a new run is: project, owner, trainer and its config, datasets, and the metric that decides its best step.</summary>
public sealed record NewRun(Guid ProjectId, Guid OwnerId, string? Name, string? TrainerKind, JsonElement? Config,
    IReadOnlyList<Guid> DatasetIds, string? Monitor = null, MetricGoal MonitorGoal = MetricGoal.Minimize,
    Guid? ParentModelVersionId = null, string? Queue = null);
