namespace Lodestone.Training;

/// <summary>
/// A hyperparameter of a run as a string (MLflow's param), one row per (run, key) as in MLflow's store: concurrent
/// writers of different keys never touch each other's rows, and the key's primary key makes a param write-once.
/// </summary>
public sealed class RunParam
{
    public const int MaxValueLength = 6000;

    public Guid RunId { get; private set; }
    public string Key { get; private set; }
    public string Value { get; private set; }

    public RunParam(Guid runId, string key, string value)
    {
        RunId = runId;
        Key = key;
        Value = value;
    }
}
