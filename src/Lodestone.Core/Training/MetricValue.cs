namespace Lodestone.Training;

/// <summary>A metric to write: <paramref name="Timestamp"/> is Unix milliseconds.</summary>
public readonly record struct MetricValue(string Key, long Step, double Value, long Timestamp)
{
    public const int MaxKeyLength = 250;
}
