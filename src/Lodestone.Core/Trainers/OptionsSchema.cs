using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Lodestone.Trainers;

/// <summary>
/// The JSON schema of a trainer's options as forms and clients need it: each setting's <see cref="DescriptionAttribute"/>
/// as its description, its default, its <see cref="RangeAttribute"/> as minimum and maximum, <c>x-hidden</c> for a setting
/// marked <c>[Browsable(false)]</c>, and plain numbers (the exporter spells out our named floating-point literals as an
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
        var attributes = context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
        if (attributes.OfType<DescriptionAttribute>().FirstOrDefault() is { } description)
            o["description"] = description.Description;
        if (attributes.OfType<RangeAttribute>().FirstOrDefault() is { } range)
        {
            o[range.MinimumIsExclusive ? "exclusiveMinimum" : "minimum"] = JsonValue.Create(Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture));
            o[range.MaximumIsExclusive ? "exclusiveMaximum" : "maximum"] = JsonValue.Create(Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture));
        }
        // Valid in a config, but set by the platform or a script, not by a person in the start form.
        if (attributes.OfType<BrowsableAttribute>().FirstOrDefault() is { Browsable: false }) o["x-hidden"] = true;
        return o;
    }

    private static bool IsNamedLiteral(JsonNode? node) =>
        node?["enum"] is JsonArray values && values.Any(v => v is JsonValue s && s.TryGetValue<string>(out var text) && text == "NaN");
}
