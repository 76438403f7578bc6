using System.Text.RegularExpressions;

namespace Lodestone.Models;

/// <summary>
/// A name (<c>production</c>, <c>staging</c>, any name matching <see cref="Pattern"/>) that points at one version of a
/// model. Deployments and clients that name an alias follow it when it moves; moving it is one update of this row.
/// </summary>
public sealed partial class ModelAlias
{
    public const int MaxName = 100;
    public const string Pattern = "^[A-Za-z][A-Za-z0-9_-]{0,99}$";

    public Guid ModelId { get; private set; }
    public string Name { get; private set; }
    public Guid VersionId { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public ModelAlias(Guid modelId, string name, Guid versionId, DateTime updatedAt)
    {
        ModelId = modelId;
        Name = CheckName(name);
        VersionId = versionId;
        UpdatedAt = updatedAt;
    }

    /// <summary>
    /// The alias name, or why it cannot be one: it must match <see cref="Pattern"/>, and <c>latest</c> and <c>v1</c>,
    /// <c>v2</c>… are refused because clients (MLflow's among them) read those as version references.
    /// </summary>
    /// <exception cref="InvalidInputException">The name does not qualify.</exception>
    public static string CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (!AliasName().IsMatch(trimmed))
            throw new InvalidInputException($"alias: '{trimmed}' is not an alias name: a letter, then up to {MaxName - 1} letters, digits, '-' or '_'.");
        if (trimmed.Equals("latest", StringComparison.OrdinalIgnoreCase) || VersionReference().IsMatch(trimmed))
            throw new InvalidInputException($"alias: '{trimmed}' is reserved: 'latest' and 'v' followed by a number name versions, not aliases.");
        return trimmed;
    }

    [GeneratedRegex(Pattern)]
    private static partial Regex AliasName();

    [GeneratedRegex("^[vV][0-9]+$")]
    private static partial Regex VersionReference();
}
