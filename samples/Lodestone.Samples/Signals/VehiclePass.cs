namespace Lodestone.Samples;

/// <summary>
/// A vehicle on a straight road past the sensor, modelled as a point magnetic dipole moving at constant speed:
/// B = μ0/4π · (3(m·r̂)r̂ − m) / r³, with μ0/4π = 100 nT·m³/(A·m²). The moment is mostly induced (along Earth's field,
/// so independent of heading) plus a permanent part fixed to the body (so it turns with the heading); the sign and
/// shape of the signature therefore depend on heading, side and distance. The window is where the dipole can reach
/// <see cref="VisibleNt"/>; outside it the contribution is exactly zero.
/// </summary>
internal sealed class VehiclePass : FieldSource
{
    /// <summary>Field strength below which a pass is taken as over (well under the default 2 nT noise).</summary>
    public const double VisibleNt = 0.25;

    private const double Mu0Over4Pi = 100.0;

    private readonly Vec3 _closestPoint;
    private readonly Vec3 _velocity;
    private readonly Vec3 _moment;
    private readonly double _closestTime;

    private VehiclePass(long startStep, long endStep, Vec3 closestPoint, Vec3 velocity, Vec3 moment, double closestTime)
        : base(startStep, endStep)
    {
        _closestPoint = closestPoint;
        _velocity = velocity;
        _moment = moment;
        _closestTime = closestTime;
    }

    /// <summary>Seconds from the window's start to the closest approach (half the window).</summary>
    public static double HalfWindowSeconds(IReadOnlyDictionary<string, double> p)
    {
        double perpendicular = Math.Sqrt(p["closest_m"] * p["closest_m"] + p["offset_down_m"] * p["offset_down_m"]);
        double reach = Math.Max(Math.Cbrt(2 * Mu0Over4Pi * p["moment_am2"] / VisibleNt), 1.2 * perpendicular);
        return Math.Sqrt(reach * reach - perpendicular * perpendicular) / p["speed_mps"];
    }

    public static VehiclePass Create(PlannedEvent planned, RecordingOptions options)
    {
        var p = planned.Parameters;
        var rng = new Rng(planned.Seed);
        double heading = p["heading_deg"] * Math.PI / 180;
        var along = new Vec3(Math.Cos(heading), Math.Sin(heading), 0);
        var across = new Vec3(-Math.Sin(heading), Math.Cos(heading), 0);
        var closestPoint = (p["side"] * p["closest_m"]) * across + new Vec3(0, 0, p["offset_down_m"]);

        // Permanent magnetisation in body axes (forward, right, down), turned into the site frame by the heading.
        var body = rng.UnitVector();
        var permanent = body.X * along + body.Y * across + new Vec3(0, 0, body.Z);
        var earth = new Vec3(options.FieldNorthNt, options.FieldEastNt, options.FieldDownNt).Normalized;
        var moment = p["moment_am2"] * (0.8 * earth + 0.6 * permanent).Normalized;

        double closestTime = planned.StartStep / options.SampleRateHz + HalfWindowSeconds(p);
        return new VehiclePass(planned.StartStep, planned.EndStep, closestPoint, p["speed_mps"] * along, moment, closestTime);
    }

    public override void AddField(double t, ref Vec3 field) => field += FieldAt(t);

    public Vec3 FieldAt(double t)
    {
        var r = _closestPoint + (t - _closestTime) * _velocity;
        double r2 = r.Dot(r);
        double inverseR = 1 / Math.Sqrt(r2);
        double inverseR3 = inverseR / r2;
        double mDotRHat = _moment.Dot(r) * inverseR;
        var rHat = inverseR * r;
        return (Mu0Over4Pi * inverseR3) * ((3 * mDotRHat) * rHat - _moment);
    }

    /// <summary>The largest change of |B| (the field's projection on Earth's field) over the window, signed.</summary>
    public double PeakTotalFieldChange(RecordingOptions options)
    {
        var earth = new Vec3(options.FieldNorthNt, options.FieldEastNt, options.FieldDownNt).Normalized;
        double best = 0;
        double t0 = StartStep / options.SampleRateHz;
        double t1 = EndStep / options.SampleRateHz;
        for (int i = 0; i <= 400; i++)
        {
            double change = FieldAt(t0 + (t1 - t0) * i / 400).Dot(earth);
            if (Math.Abs(change) > Math.Abs(best)) best = change;
        }
        return best;
    }
}
