namespace Lodestone.Trainers.Sensors;

/// <summary>A calibration: at <see cref="Time"/> the true value was <see cref="Reference"/>; <see cref="Raw"/> is what the
/// sensor read just before it (null when no reading preceded the calibration).</summary>
public sealed record CalibrationPoint(DateTime Time, double Reference, double? Raw);
