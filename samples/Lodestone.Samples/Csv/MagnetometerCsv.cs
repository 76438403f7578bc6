namespace Lodestone.Samples;

/// <summary>
/// The magnetometer CSV layout: the header below, comma-separated, LF line ends, UTF-8 (plain ASCII in practice),
/// timestamps in UTC with milliseconds (<c>2026-03-01T12:00:00.125Z</c>), numbers with '.' and a fixed count of
/// decimals, a dropped-out reading as empty b_x/b_y/b_z fields.
/// </summary>
public static class MagnetometerCsv
{
    public const string Header = "timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id";

    /// <summary>The timestamp layout as a .NET custom format string, for parsing with ParseExact.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Decimals of b_x/b_y/b_z (pT resolution: finer than any fluxgate's noise).</summary>
    public const int FieldDecimals = 3;

    /// <summary>Decimals of lat/lon (about a centimetre).</summary>
    public const int DegreesDecimals = 7;

    public const int AltitudeDecimals = 2;

    public const int AngleDecimals = 4;

    /// <summary>Writes the header and every sample; returns the number of data rows written. Leaves the stream open.</summary>
    public static long Write(IEnumerable<MagnetometerSample> samples, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(stream);
        var csv = new Utf8CsvBuffer(stream);
        csv.Ascii(Header);
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
            csv.Byte((byte)'\n');
            rows++;
        }
        csv.Flush();
        stream.Flush();
        return rows;
    }
}
