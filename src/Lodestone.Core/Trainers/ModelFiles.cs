using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lodestone.Trainers;

/// <summary>
/// The files of a saved model: every model writes <c>model.json</c> whose <c>Kind</c> tells the catalogue which
/// trainer kind loads it back, next to its own files (trees, ML.NET zip, coefficients).
/// </summary>
public static class ModelFiles
{
    public const string ManifestName = "model.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Set, not left to the first serialization, so that the run recipe can read the options' metadata before any.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    public static void WriteManifest<T>(string folder, T manifest) =>
        File.WriteAllText(Path.Combine(folder, ManifestName), JsonSerializer.Serialize(manifest, Json));

    public static T ReadManifest<T>(string folder) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(folder, ManifestName)), Json)
        ?? throw new InvalidDataException($"{Path.Combine(folder, ManifestName)} is empty.");

    /// <summary>The kind recorded in a saved model's manifest.</summary>
    public static string ReadKind(string folder)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ManifestName)));
        return document.RootElement.GetProperty("kind").GetString()
            ?? throw new InvalidDataException($"{Path.Combine(folder, ManifestName)} names no kind.");
    }
}
