namespace Lodestone.Samples;

/// <summary>
/// Mean number of randomly placed events per hour and per sensor, by kind (a Poisson process; events of one kind
/// never overlap on one sensor, and a dropout, gap or stuck value never overlaps another fault). Every kind with a
/// positive rate appears at least once on each sensor when the recording is long enough to hold it.
/// </summary>
public sealed record EventRates
{
    public double VehiclePassesPerHour { get; init; }
    public double MotorRunsPerHour { get; init; }
    public double FanRunsPerHour { get; init; }
    public double HumEpisodesPerHour { get; init; }
    public double SpikesPerHour { get; init; }
    public double DropoutsPerHour { get; init; }
    public double GapsPerHour { get; init; }
    public double StuckValuesPerHour { get; init; }
    public double OffsetJumpsPerHour { get; init; }

    /// <summary>A busy site: traffic every minute or two, machines a few times an hour, faults now and then.</summary>
    public static EventRates Default { get; } = new()
    {
        VehiclePassesPerHour = 40,
        MotorRunsPerHour = 3,
        FanRunsPerHour = 2,
        HumEpisodesPerHour = 3,
        SpikesPerHour = 20,
        DropoutsPerHour = 6,
        GapsPerHour = 1,
        StuckValuesPerHour = 3,
        OffsetJumpsPerHour = 2,
    };

    /// <summary>Background only: diurnal variation, drift and noise.</summary>
    public static EventRates None { get; } = new();

    public double For(EventKind kind) => kind switch
    {
        EventKind.VehiclePass => VehiclePassesPerHour,
        EventKind.Motor => MotorRunsPerHour,
        EventKind.Fan => FanRunsPerHour,
        EventKind.ElectricalHum => HumEpisodesPerHour,
        EventKind.Spike => SpikesPerHour,
        EventKind.Dropout => DropoutsPerHour,
        EventKind.Gap => GapsPerHour,
        EventKind.StuckValue => StuckValuesPerHour,
        EventKind.OffsetJump => OffsetJumpsPerHour,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
