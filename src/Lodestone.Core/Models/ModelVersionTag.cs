namespace Lodestone.Models;

/// <summary>
/// A key–value tag on a model version (MLflow's model-version tags). Rows keyed by (version, key), as MLflow's store
/// keeps them, so that setting one tag never rewrites the others.
/// </summary>
public sealed class ModelVersionTag
{
    public const int MaxKey = 250;
    public const int MaxValue = 5000;

    public Guid VersionId { get; private set; }
    public string Key { get; private set; }
    public string Value { get; private set; }

    public ModelVersionTag(Guid versionId, string key, string value)
    {
        VersionId = versionId;
        Key = CheckKey(key);
        Value = CheckValue(key, value);
    }

    public void Set(string value) => Value = CheckValue(Key, value);

    /// <exception cref="InvalidInputException">The key is empty or too long.</exception>
    public static string CheckKey(string? key)
    {
        var trimmed = key?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxKey) throw new InvalidInputException($"key: a tag key has 1 to {MaxKey} characters; '{key}' has {trimmed.Length}.");
        return trimmed;
    }

    private static string CheckValue(string key, string? value)
    {
        if (value is { Length: > MaxValue }) throw new InvalidInputException($"value: tag '{key}' must have at most {MaxValue} characters.");
        return value ?? "";
    }
}
