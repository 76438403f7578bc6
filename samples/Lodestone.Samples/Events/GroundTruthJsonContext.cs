using System.Text.Json.Serialization;

namespace Lodestone.Samples;

/// <summary>Source-generated JSON for the ground truth: no reflection, so it also works trimmed or AOT-compiled.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(GroundTruth))]
internal sealed partial class GroundTruthJsonContext : JsonSerializerContext;
