namespace Lodestone.Predictions;

/// <summary>The body of <c>POST …/predictions</c>: a model by name, its version by number or alias, and a dataset.</summary>
public sealed record CreatePredictionRequest(string? ModelName, int? Version, string? Alias, Guid? DatasetId);
