namespace Lodestone.Predictions;

/// <summary>
/// A batch as asked for: the model by name and its version by <paramref name="Version"/> number or <paramref name="Alias"/>
/// (one of them), and the dataset to predict over.
/// </summary>
public sealed record NewPredictionBatch(string? ModelName, int? Version, string? Alias, Guid? DatasetId, Guid? CreatedBy);
