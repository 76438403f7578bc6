using System.Text.Json;
using Lodestone.Trainers;

namespace Lodestone.Models;

/// <summary>
/// A model created before any version. Without <c>Name</c>, one is generated from <c>Task</c> and the datasets it is
/// meant to learn from (<c>DatasetIds</c>: their number and size). <c>Author</c> defaults to the caller.
/// </summary>
public sealed record CreateModelRequest(string? Name, TrainingTask? Task = null, string? Description = null,
    IReadOnlyDictionary<string, string>? Tags = null, string? Category = null, string? Author = null, JsonElement? Metadata = null,
    IReadOnlyList<Guid>? DatasetIds = null);

/// <summary>Metadata changes: a field left out stays; <c>Tags</c> and <c>Metadata</c> (a JSON object) replace the whole set.</summary>
public sealed record PatchModelRequest(string? Description = null, IReadOnlyDictionary<string, string>? Tags = null, string? Category = null,
    string? Author = null, JsonElement? Metadata = null, TrainingTask? Task = null);

/// <summary>The version number an alias is to point at.</summary>
public sealed record SetAliasRequest(int Version);

/// <summary>A version's label and notes: a field left out stays, an empty string clears it.</summary>
public sealed record PatchModelVersionRequest(string? VersionLabel = null, string? Notes = null);

/// <summary>
/// A clone's name (generated when left out) and whether its versions keep their training-data references (the
/// datasets they were fitted on); <c>Author</c> defaults to the caller.
/// </summary>
public sealed record CloneModelRequest(string? Name = null, bool WithTrainingData = false, string? Author = null);

/// <summary>A suggested model name, unique in the project.</summary>
public sealed record ModelNameSuggestion(string Name);
