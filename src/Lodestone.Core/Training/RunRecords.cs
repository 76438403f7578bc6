namespace Lodestone.Training;

/// <summary>What one log call writes to a run: metrics, params, tags to set and tags to remove. Written all or nothing.</summary>
public sealed record RunRecords(
    IReadOnlyCollection<MetricValue> Metrics,
    IReadOnlyCollection<KeyValuePair<string, string>> Params,
    IReadOnlyCollection<KeyValuePair<string, string>> Tags,
    IReadOnlyCollection<string>? DeletedTags = null)
{
    public static RunRecords Of(IReadOnlyDictionary<string, string>? parameters, IReadOnlyDictionary<string, string>? tags) =>
        new([], [.. parameters ?? new Dictionary<string, string>()], [.. tags ?? new Dictionary<string, string>()]);

    public static RunRecords OfTags(IEnumerable<KeyValuePair<string, string>> tags) => new([], [], [.. tags]);

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first key or value out of MLflow's limits.</summary>
    public void Validate()
    {
        foreach (var m in Metrics) CheckKey(m.Key, "metric");
        foreach (var (key, value) in Params)
        {
            CheckKey(key, "param");
            if ((value ?? "").Length > RunParam.MaxValueLength) throw new InvalidInputException($"Param '{key}' is longer than {RunParam.MaxValueLength} characters.");
        }
        foreach (var (key, value) in Tags)
        {
            CheckKey(key, "tag");
            if ((value ?? "").Length > RunTag.MaxValueLength) throw new InvalidInputException($"Tag '{key}' is longer than {RunTag.MaxValueLength} characters.");
        }
    }

    internal static void CheckKey(string? key, string what)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MetricValue.MaxKeyLength)
            throw new InvalidInputException($"A {what} key has 1 to {MetricValue.MaxKeyLength} characters.");
    }
}
