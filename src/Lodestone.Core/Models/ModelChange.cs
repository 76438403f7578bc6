using System.Text.Json;
using Lodestone.Trainers;

namespace Lodestone.Models;

/// <summary>
/// Changes to a model's metadata, as a PATCH carries them: a field left null stays as it is; <see cref="Tags"/> and
/// <see cref="Metadata"/> replace the whole set when given.
/// </summary>
public sealed record ModelChange(string? Description = null, IReadOnlyDictionary<string, string>? Tags = null, string? Category = null,
    string? Author = null, JsonElement? Metadata = null, TrainingTask? Task = null);
