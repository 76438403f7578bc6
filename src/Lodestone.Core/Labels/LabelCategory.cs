using System.Text.RegularExpressions;

namespace Lodestone.Labels;

/// <summary>
/// A label people put on time ranges: a name unique in its project, a colour for the bands it draws, an optional
/// shortcut key that applies it on the chart, and an optional parent (Motor under Electrical, say): training at the
/// parent's level reads a child's annotations as the parent's.
/// </summary>
public sealed partial class LabelCategory
{
    public const int MaxName = 100;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    public string Name { get; private set; }
    /// <summary><c>#rrggbb</c>.</summary>
    public string Color { get; private set; }
    /// <summary>One character, a digit or a letter (lower case), unique in the project when set.</summary>
    public string? ShortcutKey { get; private set; }
    public Guid? ParentId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    private LabelCategory(Guid projectId, string name, string color)
    {
        ProjectId = projectId;
        Name = name;
        Color = color;
    }

    /// <exception cref="InvalidInputException">A field does not qualify.</exception>
    public static LabelCategory Create(Guid projectId, string name, string color, string? shortcutKey, Guid? parentId, DateTime now) =>
        new(projectId, CheckName(name), CheckColor(color)) { ShortcutKey = CheckKey(shortcutKey), ParentId = parentId, CreatedAt = now };

    /// <summary>Changes the fields given; an empty shortcut key removes it. The parent is checked by the catalogue, which sees the others.</summary>
    public void Change(string? name, string? color, string? shortcutKey, Guid? parentId, bool clearParent)
    {
        if (name is not null) Name = CheckName(name);
        if (color is not null) Color = CheckColor(color);
        if (shortcutKey is not null) ShortcutKey = CheckKey(shortcutKey);
        if (clearParent) ParentId = null;
        else if (parentId is { } parent) ParentId = parent;
    }

    /// <summary>This category and its ancestors, nearest first, among <paramref name="all"/> (a broken chain stops).</summary>
    public IEnumerable<LabelCategory> WithAncestors(IReadOnlyDictionary<Guid, LabelCategory> all)
    {
        var seen = new HashSet<Guid>();
        for (var at = this; at is not null && seen.Add(at.Id); at = at.ParentId is { } p ? all.GetValueOrDefault(p) : null)
            yield return at;
    }

    private static string CheckName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxName) throw new InvalidInputException($"name: a label needs 1 to {MaxName} characters; it has {trimmed.Length}.");
        if (trimmed.Any(char.IsControl)) throw new InvalidInputException("name: must not contain control characters.");
        return trimmed;
    }

    private static string CheckColor(string color)
    {
        var trimmed = color.Trim().ToLowerInvariant();
        if (!ColorPattern().IsMatch(trimmed)) throw new InvalidInputException($"color: must be #rrggbb, such as #1f77b4; it is '{color}'.");
        return trimmed;
    }

    private static string? CheckKey(string? key)
    {
        if (key is null) return null;
        var trimmed = key.Trim().ToLowerInvariant();
        if (trimmed.Length == 0) return null;
        if (trimmed.Length != 1 || !char.IsAsciiLetterOrDigit(trimmed[0]))
            throw new InvalidInputException($"shortcutKey: must be one digit or letter; it is '{key}'.");
        return trimmed;
    }

    [GeneratedRegex("^#[0-9a-f]{6}$")]
    private static partial Regex ColorPattern();
}
