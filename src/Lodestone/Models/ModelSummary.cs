namespace Lodestone.Models;

/// <summary>A model of a project: its name, trainer kind, how many versions it has and the newest of them.</summary>
public sealed record ModelSummary(string Name, string TrainerKind, int Versions, ModelVersionRef Latest, DateTime UpdatedAt);
