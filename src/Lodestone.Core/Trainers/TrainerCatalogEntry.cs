using System.Text.Json.Nodes;

namespace Lodestone.Trainers;

/// <summary>A trainer kind as the catalogue lists it: its options with their defaults, and their JSON schema.</summary>
public sealed record TrainerCatalogEntry(string Kind, TrainingTask Task, Type OptionsType, JsonNode Defaults, JsonNode Schema);
