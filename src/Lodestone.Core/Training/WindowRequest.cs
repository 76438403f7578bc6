using System.Text.Json;

namespace Lodestone.Training;

/// <summary>The windows a run asks for: its project's datasets, cut as its config says.</summary>
public sealed record WindowRequest(Guid ProjectId, Guid RunId, IReadOnlyList<Guid> DatasetIds, JsonElement Config);
