namespace Lodestone.Components.Pages.Training;

/// <summary>
/// One trainer option in the form: its JSON name, a label, how it is edited, its description and default from the schema,
/// the text a person typed, and the error beside it (null when the text is valid).
/// </summary>
public sealed class OptionField(string name, OptionFieldKind kind, string? description, string defaultText, bool optional,
    IReadOnlyList<string> choices, string? range = null)
{
    public string Name { get; } = name;
    public string Label { get; } = Humanize(name);
    public OptionFieldKind Kind { get; } = kind;
    public string? Description { get; } = description;
    public string DefaultText { get; } = defaultText;
    /// <summary>The option may be left empty (nullable in the schema); empty means "let the trainer decide".</summary>
    public bool Optional { get; } = optional;
    public IReadOnlyList<string> Choices { get; } = choices;
    /// <summary>The values the option takes, from the schema's minimum and maximum (the option's [Range]): "1 to 10,000".</summary>
    public string? Range { get; } = range;
    public string Text { get; internal set; } = defaultText;
    public string? Error { get; internal set; }

    /// <summary>The helper line under the field: its description (what it does), its range and default.</summary>
    public string Help => string.Join(" ", new[]
        {
            Description, Range is null ? null : $"Range: {Range}.", DefaultText.Length > 0 ? $"Default: {DefaultText}." : Optional ? "Default: empty." : null,
        }.Where(s => !string.IsNullOrEmpty(s)));

    private static string Humanize(string name)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z0-9])([A-Z])", " $1").ToLowerInvariant();
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
