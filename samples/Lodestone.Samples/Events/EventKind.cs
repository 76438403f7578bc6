namespace Lodestone.Samples;

/// <summary>What happened in a ground-truth window. <see cref="EventLabels"/> maps each kind to its label name.</summary>
public enum EventKind
{
    /// <summary>A vehicle drives past: the field of a moving magnetic dipole, a few seconds long.</summary>
    VehiclePass,
    /// <summary>A running motor: its rotation frequency and harmonics, minutes long.</summary>
    Motor,
    /// <summary>A fan: low-frequency blade harmonics with a slowly modulated amplitude.</summary>
    Fan,
    /// <summary>Mains hum: 50 or 60 Hz and harmonics, aliased by the sampling rate.</summary>
    ElectricalHum,
    /// <summary>A fault: one to three samples far off the field.</summary>
    Spike,
    /// <summary>A fault: rows present, b_x/b_y/b_z empty.</summary>
    Dropout,
    /// <summary>A fault: rows missing altogether.</summary>
    Gap,
    /// <summary>A fault: b_x/b_y/b_z repeat the last reading.</summary>
    StuckValue,
    /// <summary>A fault: a constant offset on one axis for a while.</summary>
    OffsetJump,
}
