namespace Lodestone.Sensors;

/// <summary>
/// Raw values corrected, in order. <see cref="Source"/> is <c>model</c> when a trained calibration model corrected them
/// (<see cref="RunId"/> names its run), else <c>fallback</c>, and <see cref="Fallback"/> names the method
/// (<c>last-calibration</c>: shifted by the last calibration's offset; <c>identity</c>: unchanged, no calibration yet).
/// <see cref="Deployment"/> names the deployment that served the model, when one serves the sensor.
/// </summary>
public sealed record CalibrationResult(string Sensor, IReadOnlyList<double> Corrected, string Source, string? Fallback, Guid? RunId,
    string? Deployment = null);
