namespace Lodestone.Samples;

/// <summary>
/// One event of the ground truth. The window is half-open, [<see cref="Start"/>, <see cref="End"/>): Start is the
/// timestamp of the first affected row and End the timestamp right after the last one.
/// </summary>
public sealed record GroundTruthEvent(
    EventKind Kind,
    string Label,
    string Category,
    string SensorId,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyDictionary<string, double> Parameters)
{
    public bool Contains(DateTimeOffset timestamp) => timestamp >= Start && timestamp < End;
}
