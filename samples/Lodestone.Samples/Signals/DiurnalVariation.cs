namespace Lodestone.Samples;

/// <summary>
/// The solar-quiet (Sq) daily variation at a mid-latitude site in the northern hemisphere: tens of nT over a day, the
/// northward component dipping around local noon, the eastward one swinging from morning to afternoon. Shared by all
/// sensors of a site.
/// </summary>
internal sealed class DiurnalVariation(RecordingOptions options)
{
    private readonly double _longitudeHours = options.Longitude / 15.0;

    private long _second = long.MinValue;
    private Vec3 _value;

    /// <summary>Evaluated once per second: the variation moves by thousandths of a nT in that time.</summary>
    public Vec3 At(DateTime utc)
    {
        long second = utc.Ticks / TimeSpan.TicksPerSecond;
        if (second == _second) return _value;
        _second = second;
        _value = Compute(new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc));
        return _value;
    }

    private Vec3 Compute(DateTime utc)
    {
        double localHours = utc.TimeOfDay.TotalHours + _longitudeHours;
        double phase = 2 * Math.PI * (localHours - 12) / 24;
        double c = Math.Cos(phase);
        return new Vec3(-20 * c, 12 * Math.Sin(phase), -8 * c);
    }
}
