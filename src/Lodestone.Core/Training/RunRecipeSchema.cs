using System.Text.Json.Nodes;
using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// The JSON Schema of a kind's run config, as <see cref="RunRecipeReader"/> reads it: the typed options (descriptions,
/// defaults, ranges), <c>"window"</c> and <c>"modelName"</c>, and nothing else (<c>additionalProperties: false</c>).
/// Settings marked <c>x-hidden</c> are valid but not a person's to set in a form.
/// </summary>
public static class RunRecipeSchema
{
    public static JsonObject For(TrainerCatalogEntry entry)
    {
        var schema = entry.Schema.DeepClone().AsObject();
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["title"] = $"{entry.Kind} run config";
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        var window = OptionsSchema.For(typeof(RunWindow), new JsonObject()).AsObject();
        window["description"] = "How the data are cut into windows; every setting may be left out.";
        window["additionalProperties"] = false;
        window["type"] = new JsonArray("object", "null");
        properties[RunRecipe.WindowSetting] = window;
        properties[RunRecipe.ModelNameSetting] = new JsonObject
        {
            ["type"] = new JsonArray("string", "null"),
            ["maxLength"] = RunRecipe.MaxModelName,
            ["description"] = "The model the run's version belongs to; empty keeps the parent's name, else the trainer kind ({kind}_{sensor} for a per-sensor model).",
        };
        schema["additionalProperties"] = false;
        return schema;
    }
}
