namespace Lodestone.Sensors;

/// <summary>
/// A sensor's next drift in % of its baseline. <see cref="Source"/> is <c>model</c> when a trained drift model produced it
/// (<see cref="RunId"/> names its run), else <c>fallback</c>, and <see cref="Fallback"/> names the method
/// (<c>linear-trend</c>, <c>threshold</c>). <see cref="Drifted"/> says whether it exceeds the threshold.
/// <see cref="Deployment"/> names the deployment that served the model, when one serves the sensor.
/// </summary>
public sealed record DriftForecast(string Sensor, string Channel, double DriftPercent, bool Drifted, double ThresholdPercent,
    string Source, string? Fallback, Guid? RunId, int Readings, string? Deployment = null);
