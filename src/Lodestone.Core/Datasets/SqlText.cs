using System.Globalization;

namespace Lodestone.Datasets;

/// <summary>Quoting for the SQL the sample store writes. Values from users only ever reach DuckDB through these.</summary>
internal static class SqlText
{
    public static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    public static string Micros(DateTime time) =>
        ToMicros(time).ToString(CultureInfo.InvariantCulture);

    public static long ToMicros(DateTime time) =>
        (DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc).ToUniversalTime() - DateTime.UnixEpoch).Ticks / 10;

    public static DateTime FromMicros(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    /// <summary>A TIMESTAMP literal for a UTC instant, exact to the microsecond.</summary>
    public static string Timestamp(DateTime time) => $"make_timestamp({Micros(time)}::BIGINT)";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
