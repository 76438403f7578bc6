using System.Text.Json;

namespace Lodestone.Training;

/// <summary>The windows a run asks for: its project's datasets (or sensor, for the sensor kinds), cut as its config says.</summary>
public sealed record WindowRequest(Guid ProjectId, Guid RunId, IReadOnlyList<Guid> DatasetIds, JsonElement Config, string TrainerKind = "");
