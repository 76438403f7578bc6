namespace Lodestone.Models;

/// <summary>
/// A dataset a model version was fitted on: how many windows it gave (all of them, and those fitted on after the
/// held-out test part was set aside), when a refit inherited it, the version whose run first named it, and its name at
/// the time, so the lineage still says what it was after the dataset is deleted (versions made before names were kept have none).
/// </summary>
public sealed record ModelDataset(Guid DatasetId, int Windows, int TrainWindows, Guid? InheritedFromVersionId = null, string? Name = null)
{
    /// <summary>How a message names the dataset: its name and id, or the id alone when no name was kept.</summary>
    public string Describe() => Name is null ? $"dataset {DatasetId}" : $"dataset '{Name}' ({DatasetId})";
}
