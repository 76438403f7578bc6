using Lodestone.Trainers.Sensors;

namespace Lodestone.Sensors;

/// <summary>
/// One calibration of a sensor: at <see cref="Time"/> its true value was <see cref="Reference"/> (measured against a
/// standard), and it read <see cref="Raw"/> just before (null when no reading preceded the calibration). The records of a
/// sensor are the data a <c>calibration</c> run learns from.
/// </summary>
public sealed class CalibrationRecord
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    public Guid SensorId { get; private set; }
    public DateTime Time { get; private set; }
    public double Reference { get; private set; }
    public double? Raw { get; private set; }
    public DateTime CreatedAt { get; private set; } = DateTime.UtcNow;

    public CalibrationRecord(Guid projectId, Guid sensorId, DateTime time, double reference, double? raw)
    {
        if (!double.IsFinite(reference)) throw new InvalidInputException("A calibration's reference value is a finite number.");
        if (raw is { } r && !double.IsFinite(r)) throw new InvalidInputException("A calibration's raw reading is a finite number.");
        ProjectId = projectId;
        SensorId = sensorId;
        Time = DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc);
        Reference = reference;
        Raw = raw;
    }

    public CalibrationPoint ToPoint() => new(Time, Reference, Raw);
}
