namespace Lodestone.Samples;

/// <summary>
/// The solar-quiet (Sq) daily variation at a mid-latitude site in the northern hemisphere: tens of nT over a day, the
/// northward component dipping around local noon, the eastward one swinging from morning to afternoon. Shared by all
/// sensors of a site.
/// </summary>
internal sealed class DiurnalVariation(RecordingOptions options)
{
    private readonly double _longitudeHours = options.Longitude / 15.0;

    public Vec3 At(DateTime utc)
    {
        double localHours = utc.TimeOfDay.TotalHours + _longitudeHours;
        double phase = 2 * Math.PI * (localHours - 12) / 24;
        double c = Math.Cos(phase);
        return new Vec3(-20 * c, 12 * Math.Sin(phase), -8 * c);
    }
}
