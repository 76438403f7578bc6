namespace Lodestone.Samples;

/// <summary>An event fixed in the time grid, with everything needed to build its signal again: parameters and a seed.</summary>
internal sealed class PlannedEvent
{
    public required EventKind Kind { get; init; }
    public required int Sensor { get; init; }
    public required long StartStep { get; init; }
    public required long EndStep { get; init; }
    public required Dictionary<string, double> Parameters { get; init; }

    /// <summary>Seeds the details the ground truth does not list: tone phases and directions, a vehicle's permanent moment.</summary>
    public required ulong Seed { get; init; }
}
