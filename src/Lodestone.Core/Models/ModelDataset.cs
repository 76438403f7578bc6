namespace Lodestone.Models;

/// <summary>
/// A dataset a model version was fitted on: how many windows it gave (all of them, and those fitted on after the
/// held-out test part was set aside), and, when a refit inherited it, the version whose run first named it.
/// </summary>
public sealed record ModelDataset(Guid DatasetId, int Windows, int TrainWindows, Guid? InheritedFromVersionId = null);
