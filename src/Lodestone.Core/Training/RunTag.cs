namespace Lodestone.Training;

/// <summary>A tag of a run, one row per (run, key) as in MLflow's store; setting it again replaces the value.</summary>
public sealed class RunTag
{
    public const int MaxValueLength = 8000;

    public Guid RunId { get; private set; }
    public string Key { get; private set; }
    public string Value { get; private set; }

    public RunTag(Guid runId, string key, string value)
    {
        RunId = runId;
        Key = key;
        Value = value;
    }
}
