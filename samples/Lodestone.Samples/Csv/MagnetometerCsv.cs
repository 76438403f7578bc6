namespace Lodestone.Samples;

/// <summary>
/// The magnetometer CSV layout: the header below, comma-separated, LF line ends, UTF-8 (plain ASCII in practice),
/// timestamps in UTC with milliseconds (<c>2026-03-01T12:00:00.125Z</c>), numbers with '.' and a fixed count of
/// decimals, a dropped-out reading as empty b_x/b_y/b_z fields.
/// </summary>
public static class MagnetometerCsv
{
    public const string Header = "timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id";

    /// <summary>
    /// The ground-truth columns a recording may carry after <see cref="Header"/>: <c>event</c>, the code of the event
    /// covering the row (<see cref="EventLabels.Code"/>; 0 is Normal, the latest-starting one when several overlap), and
    /// <c>anomaly</c>, 1 when any event covering the row is in the Anomaly category (vehicles and sensor faults), else 0.
    /// Lodestone imports them as truth channels: label channels that are never inputs unless a run names them.
    /// </summary>
    public static IReadOnlyList<string> TruthColumns { get; } = ["event", "anomaly"];

    /// <summary>The header of a recording with its ground truth in <see cref="TruthColumns"/>.</summary>
    public static string HeaderWithTruth { get; } = Header + "," + string.Join(",", TruthColumns);

    /// <summary>The timestamp layout as a .NET custom format string, for parsing with ParseExact.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Decimals of b_x/b_y/b_z (pT resolution: finer than any fluxgate's noise).</summary>
    public const int FieldDecimals = 3;

    /// <summary>Decimals of lat/lon (about a centimetre).</summary>
    public const int DegreesDecimals = 7;

    public const int AltitudeDecimals = 2;

    public const int AngleDecimals = 4;

    /// <summary>
    /// Writes the header and every sample; returns the number of data rows written. Leaves the stream open. With
    /// <paramref name="truth"/> (the ground truth of these samples, which must come in time order) each row also carries
    /// the <see cref="TruthColumns"/>.
    /// </summary>
    public static long Write(IEnumerable<MagnetometerSample> samples, Stream stream, GroundTruth? truth = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(stream);
        var csv = new Utf8CsvBuffer(stream);
        var cursor = truth is null ? null : new TruthCursor(truth);
        csv.Ascii(cursor is null ? Header : HeaderWithTruth);
        csv.Byte((byte)'\n');
        long rows = 0;
        foreach (var s in samples)
        {
            csv.Reserve();
            csv.Timestamp(s.Timestamp);
            csv.Byte((byte)',');
            csv.Fixed(s.Bx, FieldDecimals);
            csv.Byte((byte)',');
            csv.Fixed(s.By, FieldDecimals);
            csv.Byte((byte)',');
            csv.Fixed(s.Bz, FieldDecimals);
            csv.Byte((byte)',');
            csv.Fixed(s.Latitude, DegreesDecimals);
            csv.Byte((byte)',');
            csv.Fixed(s.Longitude, DegreesDecimals);
            csv.Byte((byte)',');
            csv.Fixed(s.Altitude, AltitudeDecimals);
            csv.Byte((byte)',');
            csv.Fixed(s.ThetaX, AngleDecimals);
            csv.Byte((byte)',');
            csv.Fixed(s.ThetaY, AngleDecimals);
            csv.Byte((byte)',');
            csv.Fixed(s.ThetaZ, AngleDecimals);
            csv.Byte((byte)',');
            csv.Ascii(s.SensorId);
            if (cursor is not null)
            {
                var (code, anomaly) = cursor.At(s.SensorId, new DateTimeOffset(s.Timestamp, TimeSpan.Zero));
                csv.Byte((byte)',');
                csv.Fixed(code, 0);
                csv.Byte((byte)',');
                csv.Byte(anomaly ? (byte)'1' : (byte)'0');
            }
            csv.Byte((byte)'\n');
            rows++;
        }
        csv.Flush();
        stream.Flush();
        return rows;
    }
}
