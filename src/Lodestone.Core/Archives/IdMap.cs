using System.Text.RegularExpressions;

namespace Lodestone.Archives;

/// <summary>
/// Old ids to new ones, consistently: every key of an imported row gets a fresh id once, and every reference to it (a
/// foreign key, a Guid inside JSON or a run's config, a folder name) becomes that id, in the format it was written in.
/// Users map to the target's users of the same name. A Guid that names no archived row is left as it is.
/// </summary>
public sealed partial class IdMap
{
    private readonly Dictionary<Guid, Guid> _ids = [];

    public int Count => _ids.Count;

    public IReadOnlyDictionary<Guid, Guid> Entries => _ids;

    /// <summary>The new id of a key of an archived row, made on first sight.</summary>
    public Guid Fresh(Guid old)
    {
        if (!_ids.TryGetValue(old, out var mapped)) _ids[old] = mapped = Guid.CreateVersion7();
        return mapped;
    }

    /// <summary>
    /// Fresh ids for the ids inside a text key (MLflow's logged models are <c>m-</c> and 32 hex digits), so that the
    /// key, and every text naming it (<c>models:/m-…</c>), is new too.
    /// </summary>
    public void FreshIn(string text)
    {
        foreach (Match match in GuidPattern().Matches(text))
            if (Guid.TryParse(match.ValueSpan, out var old)) Fresh(old);
    }

    public void Set(Guid old, Guid mapped) => _ids[old] = mapped;

    public bool TryMap(Guid old, out Guid mapped) => _ids.TryGetValue(old, out mapped);

    public Guid Map(Guid old) => _ids.TryGetValue(old, out var mapped) ? mapped : old;

    /// <summary>Replaces every known id in the text (with or without dashes, in its case).</summary>
    public string MapText(string text)
    {
        if (text.Length < 32) return text;
        return GuidPattern().Replace(text, match =>
        {
            if (!Guid.TryParse(match.ValueSpan, out var old) || !_ids.TryGetValue(old, out var mapped)) return match.Value;
            var format = match.Length == 32 ? "N" : "D";
            var written = mapped.ToString(format);
            return match.Value.Any(char.IsUpper) ? written.ToUpperInvariant() : written;
        });
    }

    // 32 hex digits may follow a dash (m-…): no dashed id ends in 32 of them.
    [GeneratedRegex("(?:(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|(?<![0-9A-Fa-f])[0-9A-Fa-f]{32})(?![0-9A-Fa-f-])")]
    private static partial Regex GuidPattern();
}
