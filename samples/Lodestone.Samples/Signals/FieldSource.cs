namespace Lodestone.Samples;

/// <summary>Something that adds a real magnetic field at the sensor during [StartStep, EndStep): a vehicle, a machine, hum.</summary>
internal abstract class FieldSource
{
    protected FieldSource(long startStep, long endStep)
    {
        StartStep = startStep;
        EndStep = endStep;
    }

    public long StartStep { get; }
    public long EndStep { get; }

    /// <summary>Adds this source's field (site frame, nT) at <paramref name="t"/> seconds after the recording's start.</summary>
    public abstract void AddField(double t, ref Vec3 field);
}
