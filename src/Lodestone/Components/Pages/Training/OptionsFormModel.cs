using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lodestone.Trainers;
using Lodestone.Training;

namespace Lodestone.Components.Pages.Training;

/// <summary>
/// The options form of a trainer kind, built from its catalogue entry's JSON schema: a field per number, integer, boolean,
/// enum and string option, with description and default; settings the form cannot show (lists, the run's "window")
/// and settings marked x-hidden (threads) stay in the config JSON, which remains editable as a whole. Every change is checked — the field's own text, then the
/// options as the trainer reads them — and an error is kept beside the field it concerns.
/// </summary>
public sealed class OptionsFormModel
{
    private readonly TrainerCatalog _catalog;
    private readonly string _kind;
    private JsonObject _config = [];

    public OptionsFormModel(TrainerCatalog catalog, string kind, string configJson)
    {
        _catalog = catalog;
        _kind = kind;
        Fields = FieldsOf(catalog.Describe(kind).Schema);
        SetJson(configJson);
    }

    public IReadOnlyList<OptionField> Fields { get; }

    /// <summary>The whole run config: the options set in the form or the JSON, and every other setting it carried.</summary>
    public string ConfigJson => _config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>An error that belongs to no single field (JSON that does not parse, a setting the form does not show).</summary>
    public string? Error { get; private set; }

    public bool HasErrors => Error is not null || Fields.Any(f => f.Error is not null);

    /// <summary>A person typed <paramref name="text"/> into a field: it is checked and, when valid, written to the config.</summary>
    public void Set(string name, string? text)
    {
        var field = Fields.First(f => f.Name == name);
        field.Text = text?.Trim() ?? "";
        field.Error = null;
        var (value, error) = Parse(field);
        if (error is not null)
        {
            field.Error = error;
            return;
        }
        if (value is null && !field.Optional) _config.Remove(name); // empty: back to the default
        else _config[name] = value;
        CheckOptions();
    }

    /// <summary>The config edited as JSON (the advanced view): the fields are read back from it.</summary>
    public void SetJson(string? json)
    {
        Error = null;
        try
        {
            var parsed = JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            if (parsed is not JsonObject config)
            {
                Error = "The config is a JSON object: { \"setting\": value, … }.";
                return;
            }
            _config = config;
        }
        catch (JsonException e)
        {
            Error = $"The JSON does not parse: {e.Message}";
            return;
        }
        foreach (var field in Fields)
        {
            field.Error = null;
            field.Text = _config[field.Name] is { } node ? TextOf(node) : field.DefaultText;
        }
        CheckOptions();
    }

    /// <summary>
    /// What the server would answer to this config, word for word: each problem with its JSON path in the request
    /// (<c>$.config.epochs: must be between 1 and 10000; it is 0</c>); empty when the recipe holds.
    /// </summary>
    public IReadOnlyList<string> RecipeErrors { get; private set; } = [];

    /// <summary>Where the config sits in a run's request, so that paths read as the server's.</summary>
    private const string ConfigPath = "$.config";

    /// <summary>Reads the options as the server will; a failure names the setting (its JSON path), shown beside its field.</summary>
    private void CheckOptions()
    {
        Error = null;
        RecipeErrors = [];
        try
        {
            using var config = JsonDocument.Parse(_config.ToJsonString());
            RunRecipeReader.Read(_catalog, _kind, config.RootElement, [], path: ConfigPath);
        }
        catch (RunRecipeException e)
        {
            RecipeErrors = e.Errors;
            var general = new List<string>();
            foreach (var error in e.Errors)
            {
                var at = error.Split(':')[0];
                var setting = at.StartsWith(ConfigPath + ".", StringComparison.Ordinal) ? at[(ConfigPath.Length + 1)..] : at;
                var name = setting.Split('.', '[')[0];
                var field = Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
                var message = error[(error.IndexOf(':') + 1)..].Trim();
                if (field is not null && setting == name) field.Error = char.ToUpperInvariant(message[0]) + message[1..] + ".";
                else general.Add(error);
            }
            if (general.Count > 0) Error = string.Join("; ", general) + ".";
        }
    }

    private static (JsonNode? Value, string? Error) Parse(OptionField field)
    {
        var text = field.Text;
        if (text.Length == 0) return (null, null); // empty: null when optional, else the default
        switch (field.Kind)
        {
            case OptionFieldKind.Integer:
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                    ? (JsonValue.Create(i), null) : (null, "A whole number, e.g. 100.");
            case OptionFieldKind.Number:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? (JsonValue.Create(d), null) : (null, "A number, e.g. 0.01 (a point for decimals).");
            case OptionFieldKind.Boolean:
                return bool.TryParse(text, out var b) ? (JsonValue.Create(b), null) : (null, "true or false.");
            case OptionFieldKind.Choice:
                return field.Choices.Contains(text) ? (JsonValue.Create(text), null) : (null, $"One of {string.Join(", ", field.Choices)}.");
            default:
                return (JsonValue.Create(text), null);
        }
    }

    private static List<OptionField> FieldsOf(JsonNode schema)
    {
        var fields = new List<OptionField>();
        if (schema["properties"] is not JsonObject properties) return fields;
        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject property || property["x-hidden"] is JsonValue { } hidden && hidden.GetValue<bool>()) continue;
            var types = property["type"] switch
            {
                JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
                JsonValue one => [one.GetValue<string>()],
                _ => [],
            };
            var optional = types.Contains("null");
            OptionFieldKind? kind = property["enum"] is JsonArray ? OptionFieldKind.Choice
                : types.Contains("boolean") ? OptionFieldKind.Boolean
                : types.Contains("integer") ? OptionFieldKind.Integer
                : types.Contains("number") ? OptionFieldKind.Number
                : types.Contains("string") ? OptionFieldKind.Text
                : null; // lists and objects are edited in the JSON
            if (kind is null) continue;
            var choices = property["enum"] is JsonArray values
                ? values.Where(v => v is not null).Select(v => v!.GetValue<string>()).ToList() : [];
            var defaultText = property["default"] is { } d ? TextOf(d) : "";
            fields.Add(new OptionField(name, kind.Value, property["description"]?.GetValue<string>(), defaultText, optional, choices, RangeOf(property)));
        }
        return fields;
    }

    /// <summary>"1 to 10,000", "above 0, at most 0.5", "at least 0, below 1": the schema's bounds, as the reader checks them.</summary>
    internal static string? RangeOf(JsonObject property)
    {
        static string? Bound(JsonObject p, string key) =>
            p[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d.ToString("#,0.######", CultureInfo.InvariantCulture) : null;
        var (min, above) = (Bound(property, "minimum"), Bound(property, "exclusiveMinimum"));
        var (max, below) = (Bound(property, "maximum"), Bound(property, "exclusiveMaximum"));
        if (min is null && above is null && max is null && below is null) return null;
        if (min is not null && max is not null) return $"{min} to {max}";
        var parts = new[] { min is null ? null : $"at least {min}", above is null ? null : $"above {above}",
            max is null ? null : $"at most {max}", below is null ? null : $"below {below}" };
        return string.Join(", ", parts.Where(p => p is not null));
    }

    private static string TextOf(JsonNode node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
