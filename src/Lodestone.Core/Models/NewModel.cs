using Lodestone.Trainers;

namespace Lodestone.Models;

/// <summary>
/// A model created empty (before any version): without a name, one is generated from its task and the datasets it is
/// meant to learn from (their labels, number and size).
/// </summary>
public sealed record NewModel(string? Name, TrainingTask? Task, string? Author, ModelChange Metadata, IReadOnlyList<Guid> DatasetIds);
