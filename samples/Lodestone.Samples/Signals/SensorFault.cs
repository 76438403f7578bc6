namespace Lodestone.Samples;

/// <summary>
/// A fault changes what the sensor reports during [StartStep, EndStep), after the real field has been measured:
/// spikes and offset jumps add to one axis (or all), a dropout empties b_x/b_y/b_z, a gap drops the rows, a stuck
/// sensor repeats its last reading. Position and orientation columns are not affected.
/// </summary>
internal sealed class SensorFault
{
    /// <summary>Axis parameter value meaning all three axes.</summary>
    public const double AllAxes = 3;

    private readonly EventKind _kind;
    private readonly double _amount;
    private readonly int _axis;
    private Vec3 _held;
    private bool _holding;

    public SensorFault(PlannedEvent planned)
    {
        _kind = planned.Kind;
        StartStep = planned.StartStep;
        EndStep = planned.EndStep;
        var p = planned.Parameters;
        _amount = _kind switch
        {
            EventKind.Spike => p["amplitude_nt"],
            EventKind.OffsetJump => p["offset_nt"],
            _ => 0,
        };
        _axis = (int)p.GetValueOrDefault("axis", AllAxes);
    }

    public long StartStep { get; }
    public long EndStep { get; }

    /// <summary>Changes the reading; returns false when the row must not be written at all (a gap).</summary>
    public bool Apply(ref Vec3 reading, ref bool missing, Vec3 lastReported)
    {
        switch (_kind)
        {
            case EventKind.Spike:
            case EventKind.OffsetJump:
                reading += _axis switch
                {
                    0 => new Vec3(_amount, 0, 0),
                    1 => new Vec3(0, _amount, 0),
                    2 => new Vec3(0, 0, _amount),
                    _ => new Vec3(_amount, _amount, _amount),
                };
                return true;
            case EventKind.Dropout:
                missing = true;
                return true;
            case EventKind.StuckValue:
                if (!_holding)
                {
                    _held = lastReported;
                    _holding = true;
                }
                reading = _held;
                return true;
            case EventKind.Gap:
                return false;
            default:
                return true;
        }
    }
}
