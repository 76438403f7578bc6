namespace Lodestone.Training;

/// <summary>
/// The newest value of each metric of a run (MLflow's rule: highest step, then newest timestamp, then largest value), the history's value at its highest step: a projection kept up to date by
/// every write, so that lists, leaderboards and searches never scan the whole history.
/// </summary>
public sealed class LatestMetric
{
    public Guid RunId { get; private set; }
    public string Key { get; private set; }
    public long Step { get; private set; }
    public double Value => StoredValue ?? double.NaN;
    internal double? StoredValue { get; private set; }
    public long Timestamp { get; private set; }

    // For EF: it sets the stored value, which the public constructor takes as a double.
    private LatestMetric() => Key = "";

    public LatestMetric(Guid runId, string key, long step, double value, long timestamp)
    {
        RunId = runId;
        Key = key;
        Step = step;
        StoredValue = double.IsNaN(value) ? null : value;
        Timestamp = timestamp;
    }
}
