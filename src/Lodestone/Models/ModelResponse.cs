using System.Text.Json;
using Lodestone.Trainers;

namespace Lodestone.Models;

/// <summary>
/// A model of a project as the API shows it: its metadata, how many versions it has and the newest (null for a model
/// created empty), the trainer kind of the newest, and its aliases with the version number each points at.
/// </summary>
public sealed record ModelResponse(
    Guid Id, string Name, string? TrainerKind, int Versions, ModelVersionRef? Latest, DateTime UpdatedAt, TrainingTask? Task,
    IReadOnlyDictionary<string, string> Tags, string? Category, string? Author, string Description,
    IReadOnlyDictionary<string, JsonElement> Metadata, IReadOnlyDictionary<string, int> Aliases, DateTime CreatedAt)
{
    public static ModelResponse Of(Model model, IReadOnlyCollection<ModelVersion> versions, IEnumerable<(string Alias, int Number)>? aliases)
    {
        var latest = versions.MaxBy(v => v.Number);
        return new(model.Id, model.Name, latest?.TrainerKind, versions.Count, latest is null ? null : ModelVersionRef.Of(latest), model.UpdatedAt,
            model.Task, model.Tags, model.Category, model.Author, model.Description, model.Metadata,
            (aliases ?? []).ToDictionary(a => a.Alias, a => a.Number), model.CreatedAt);
    }
}
