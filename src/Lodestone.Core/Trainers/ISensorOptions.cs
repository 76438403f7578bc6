namespace Lodestone.Trainers;

/// <summary>Options of a kind that learns about one named sensor (drift, calibration): its readings or records may replace datasets.</summary>
public interface ISensorOptions
{
    string? Sensor { get; }
}
