namespace Lodestone.Models;

/// <summary>
/// A refit reads every dataset the version it continues from was fitted on. When some of them were deleted since, the
/// run cannot be what it says, so it is refused (at creation, and again when it executes) with this explanation.
/// </summary>
public static class InheritedDatasets
{
    /// <summary>The parent's datasets that are not in <paramref name="present"/>, in the parent's order.</summary>
    public static IReadOnlyList<ModelDataset> MissingFrom(ModelVersion parent, IEnumerable<Guid> present)
    {
        var have = present.ToHashSet();
        return parent.Datasets.Where(d => !have.Contains(d.DatasetId)).ToList();
    }

    /// <summary>Which datasets are gone, and what the user can do instead.</summary>
    public static string MissingMessage(ModelVersion parent, IReadOnlyList<ModelDataset> missing)
    {
        var which = string.Join(", ", missing.Select(d => d.Describe()));
        var were = missing.Count == 1 ? "was deleted" : "were deleted";
        return $"{parent.ModelName} v{parent.Number} was trained on {which}, which {were} from this project since. "
            + $"A {parent.TrainerKind} run continuing from it refits on every dataset that version was trained on, so it cannot continue from it. "
            + "Start the run without a parent version, on the datasets you still have (upload the deleted recording again and add it if you still need its data).";
    }
}
