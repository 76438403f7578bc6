namespace Lodestone.Samples;

/// <summary>
/// One row of a magnetometer recording. Field components in nT in the sensor's axes; NaN field components mean the
/// reading dropped out (written as empty CSV fields). Latitude/longitude in degrees (WGS 84), altitude in metres,
/// orientation angles in degrees (thetax roll, thetay pitch, thetaz heading from north).
/// </summary>
public readonly record struct MagnetometerSample(
    DateTime Timestamp,
    double Bx,
    double By,
    double Bz,
    double Latitude,
    double Longitude,
    double Altitude,
    double ThetaX,
    double ThetaY,
    double ThetaZ,
    string SensorId)
{
    public bool HasField => !double.IsNaN(Bx);

    /// <summary>|B|, the total field; NaN during a dropout.</summary>
    public double Magnitude => Math.Sqrt(Bx * Bx + By * By + Bz * Bz);
}
