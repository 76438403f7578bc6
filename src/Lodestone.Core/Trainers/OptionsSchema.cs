using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Lodestone.Trainers;

/// <summary>
/// The JSON schema of a trainer's options as forms and clients need it: each setting's <see cref="DescriptionAttribute"/>
/// as its description, its default, and plain numbers (the exporter spells out our named floating-point literals as an
/// anyOf with "NaN", which no one types into a form).
/// </summary>
public static class OptionsSchema
{
    public static JsonNode For(Type optionsType, JsonNode defaults)
    {
        var schema = ModelFiles.Json.GetJsonSchemaAsNode(optionsType, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        });
        if (schema["properties"] is JsonObject properties && defaults is JsonObject values)
            foreach (var (name, property) in properties)
                if (property is JsonObject p && values[name] is { } value && !p.ContainsKey("default"))
                    p["default"] = value.DeepClone();
        return schema;
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode node)
    {
        if (node is not JsonObject o) return node;
        if (o["anyOf"] is JsonArray any && any.Any(IsNamedLiteral))
        {
            var nullable = Nullable.GetUnderlyingType(context.TypeInfo.Type) is not null
                || any.Any(a => a?["type"] is JsonValue t && t.GetValue<string>() == "null");
            o.Remove("anyOf");
            o["type"] = nullable ? new JsonArray("number", "null") : "number";
        }
        if (context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true)
                .OfType<DescriptionAttribute>().FirstOrDefault() is { } description)
            o["description"] = description.Description;
        return o;
    }

    private static bool IsNamedLiteral(JsonNode? node) =>
        node?["enum"] is JsonArray values && values.Any(v => v is JsonValue s && s.TryGetValue<string>(out var text) && text == "NaN");
}
