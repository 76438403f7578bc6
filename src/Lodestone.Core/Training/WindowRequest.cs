using Lodestone.Models;

namespace Lodestone.Training;

/// <summary>
/// The windows a run asks for: its project's datasets (or sensor, for the sensor kinds), cut as its recipe's window says.
/// <paramref name="RefitFrom"/> is the version whose datasets a refit reads again, so a source can say which are gone.
/// </summary>
public sealed record WindowRequest(Guid ProjectId, Guid RunId, IReadOnlyList<Guid> DatasetIds, RunRecipe Recipe, ModelVersion? RefitFrom = null)
{
    public string TrainerKind => Recipe.TrainerKind;
}
