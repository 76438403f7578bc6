namespace Lodestone.Training;

/// <summary>
/// One value of a metric at a step (an epoch, usually) of a run. (run, key, step) is unique: reporting the same step
/// again replaces the value, so a resumed run that repeats an epoch keeps each metric exactly once.
/// </summary>
public sealed class Metric
{
    public Guid RunId { get; private set; }
    public string Key { get; private set; }
    public long Step { get; private set; }
    /// <summary>The value; NaN is kept (a diverging loss is worth seeing) and stored as NULL, which SQLite needs.</summary>
    public double Value => StoredValue ?? double.NaN;
    internal double? StoredValue { get; private set; }
    /// <summary>When the value was measured, in Unix milliseconds (MLflow's unit).</summary>
    public long Timestamp { get; private set; }

    // For EF: it sets the stored value, which the public constructor takes as a double.
    private Metric() => Key = "";

    public Metric(Guid runId, string key, long step, double value, long timestamp)
    {
        RunId = runId;
        Key = key;
        Step = step;
        StoredValue = double.IsNaN(value) ? null : value;
        Timestamp = timestamp;
    }
}
