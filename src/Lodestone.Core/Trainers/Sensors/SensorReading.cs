namespace Lodestone.Trainers.Sensors;

/// <summary>One value of one sensor channel at a time: the input of the per-sensor regressors.</summary>
public readonly record struct SensorReading(DateTime Time, double Value);
