using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// Reads a run's config into its <see cref="RunRecipe"/>, setting by setting, against the typed options of its trainer
/// kind: an unknown or misspelt key, a value of the wrong type and one out of its <see cref="RangeAttribute"/> are each
/// an error naming its JSON path, and all of them are reported together. A run's stored config is read back leniently
/// (<see cref="FromStored"/>): settings that older versions wrote and this one no longer has are left out.
/// </summary>
public static class RunRecipeReader
{
    /// <summary>The recipe of a new run. <paramref name="path"/> is where the config sits in the request, for the errors' paths.</summary>
    /// <exception cref="RunRecipeException">Every problem of the config, or an unknown kind.</exception>
    public static RunRecipe Read(TrainerCatalog catalog, string kind, JsonElement? config, IReadOnlyList<Guid> datasetIds,
        Guid? parentModelVersionId = null, string path = "$.config")
    {
        var errors = new List<string>();
        var recipe = Read(catalog, kind, config, datasetIds, parentModelVersionId, path, strict: true, errors);
        return errors.Count > 0 ? throw new RunRecipeException(errors) : recipe!;
    }

    /// <summary>
    /// The recipe of a stored run. Keys this version does not know are skipped (older runs may carry them); a value that
    /// no longer fits its setting stops the run with a <see cref="RunSetupException"/> naming it.
    /// </summary>
    public static RunRecipe FromStored(TrainerCatalog catalog, TrainingRun run)
    {
        if (catalog.Find(run.TrainerKind) is null)
            throw new RunSetupException($"No trainer '{run.TrainerKind}' here; known: {string.Join(", ", catalog.Kinds)}.");
        using var document = JsonDocument.Parse(run.Config);
        var errors = new List<string>();
        var recipe = Read(catalog, run.TrainerKind, document.RootElement, run.DatasetIds, run.ParentModelVersionId, "$.config", strict: false, errors);
        return errors.Count > 0 ? throw new RunSetupException($"The run's stored settings do not fit {run.TrainerKind}: {string.Join("; ", errors)}") : recipe!;
    }

    private static RunRecipe? Read(TrainerCatalog catalog, string kind, JsonElement? config, IReadOnlyList<Guid> datasetIds,
        Guid? parent, string path, bool strict, List<string> errors)
    {
        if (catalog.Find(kind) is not { } trainer)
        {
            errors.Add($"$.trainerKind: no trainer kind '{kind}'; known: {string.Join(", ", catalog.Kinds)}");
            return null;
        }
        var options = trainer.CreateDefaultOptions();
        var window = new RunWindow();
        string? modelName = null;
        if (config is { } c && c.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            if (c.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: must be a JSON object of settings");
                return null;
            }
            var extra = new Dictionary<string, Action<JsonElement, string>>(StringComparer.OrdinalIgnoreCase)
            {
                [RunRecipe.WindowSetting] = (value, at) =>
                {
                    if (value.ValueKind == JsonValueKind.Null) return;
                    if (value.ValueKind != JsonValueKind.Object) errors.Add($"{at}: must be an object: {{\"length\": …, \"stride\": …}}");
                    else window = (RunWindow)ReadObject(value, typeof(RunWindow), new RunWindow(), at, strict, errors, new Dictionary<string, Action<JsonElement, string>>());
                },
                // Only the parent version names the model a run continues from; a path here would reach any project's files.
                // Null is what suggestions of earlier versions carried, and harmless.
                [RunRecipe.StartFromSetting] = (value, at) =>
                {
                    if (value.ValueKind != JsonValueKind.Null)
                        errors.Add($"{at}: a run cannot name a model folder; continue from a model with parentModelVersionId");
                },
                [RunRecipe.ModelNameSetting] = (value, at) =>
                {
                    if (value.ValueKind == JsonValueKind.Null) return;
                    if (value.ValueKind != JsonValueKind.String) errors.Add($"{at}: must be a string");
                    else if (value.GetString()!.Trim() is { Length: > 0 } name)
                    {
                        if (name.Length > RunRecipe.MaxModelName) errors.Add($"{at}: must have at most {RunRecipe.MaxModelName} characters; it has {name.Length}");
                        // The model's routes name it in one path segment.
                        else if (name.Contains('/') || name.Any(char.IsControl)) errors.Add($"{at}: must not contain '/' or control characters");
                        else modelName = name;
                    }
                },
            };
            options = (TrainerOptions)ReadObject(c, trainer.OptionsType, options, path, strict, errors, extra);
        }
        return new RunRecipe(kind, options, window, datasetIds, parent, modelName);
    }

    /// <summary>Sets each property of <paramref name="target"/> that <paramref name="json"/> names, then checks the ranges.</summary>
    private static object ReadObject(JsonElement json, Type type, object target, string path, bool strict, List<string> errors,
        IReadOnlyDictionary<string, Action<JsonElement, string>> extra)
    {
        var info = ModelFiles.Json.GetTypeInfo(type);
        var properties = info.Properties.Where(p => p.Set is not null).ToList();
        var set = new List<JsonPropertyInfo>();
        foreach (var member in json.EnumerateObject())
        {
            var at = $"{path}.{member.Name}";
            if (extra.TryGetValue(member.Name, out var read))
            {
                read(member.Value, at);
                continue;
            }
            var property = properties.FirstOrDefault(p => p.Name.Equals(member.Name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                if (strict) errors.Add($"{at}: unknown setting{Nearest(member.Name, properties.Select(p => p.Name).Concat(extra.Keys))}");
                continue;
            }
            try
            {
                property.Set!(target, member.Value.Deserialize(property.PropertyType, ModelFiles.Json));
                set.Add(property);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
            {
                errors.Add($"{at}: must be {Expected(property.PropertyType)}");
            }
        }
        foreach (var property in set)
            if (property.AttributeProvider?.GetCustomAttributes(typeof(RangeAttribute), true).OfType<RangeAttribute>().FirstOrDefault() is { } range
                && property.Get?.Invoke(target) is { } value && !InRange(range, value))
                errors.Add($"{path}.{property.Name}: must be {Describe(range)}; it is {Convert.ToString(value, CultureInfo.InvariantCulture)}");
        return target;
    }

    /// <summary>Compared as numbers: RangeAttribute's own check converts to the type of its bounds, so Range(0, 1) on a double would read 0.1 as 0.</summary>
    private static bool InRange(RangeAttribute range, object value)
    {
        var (v, min, max) = (Convert.ToDouble(value, CultureInfo.InvariantCulture), Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture),
            Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture));
        return !double.IsNaN(v) && (range.MinimumIsExclusive ? v > min : v >= min) && (range.MaximumIsExclusive ? v < max : v <= max);
    }

    /// <summary>The range as a person reads it: "between 1 and 10000", "greater than 0 and at most 0.5".</summary>
    public static string Describe(RangeAttribute range)
    {
        var (min, max) = (Convert.ToString(range.Minimum, CultureInfo.InvariantCulture), Convert.ToString(range.Maximum, CultureInfo.InvariantCulture));
        return (range.MinimumIsExclusive, range.MaximumIsExclusive) switch
        {
            (false, false) => $"between {min} and {max}",
            (true, false) => $"greater than {min} and at most {max}",
            (false, true) => $"at least {min} and less than {max}",
            _ => $"greater than {min} and less than {max}",
        };
    }

    private static string Expected(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var nullable = Nullable.GetUnderlyingType(type) is not null || !type.IsValueType ? " (or null)" : "";
        if (t.IsEnum) return $"one of {string.Join(", ", Enum.GetNames(t))}{nullable}";
        if (t == typeof(int) || t == typeof(long)) return $"a whole number{nullable}";
        if (t == typeof(double) || t == typeof(float)) return $"a number{nullable}";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(string)) return $"a string{nullable}";
        if (t.IsAssignableTo(typeof(IEnumerable<string>))) return "a list of strings";
        if (t.IsAssignableTo(typeof(IDictionary<string, double>))) return "an object of numbers by label";
        return $"a {t.Name}";
    }

    /// <summary>", did you mean 'epochs'?" for a key a letter or two away from a known setting.</summary>
    private static string Nearest(string name, IEnumerable<string> known)
    {
        var best = known.Select(k => (Key: k, Distance: Distance(name.ToLowerInvariant(), k.ToLowerInvariant()))).MinBy(x => x.Distance);
        return best.Key is not null && best.Distance <= Math.Max(2, name.Length / 3) ? $"; did you mean '{best.Key}'?" : "";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var old = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = old;
            }
        }
        return row[b.Length];
    }
}
