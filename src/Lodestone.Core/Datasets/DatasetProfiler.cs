using DuckDB.NET.Data;

namespace Lodestone.Datasets;

/// <summary>
/// Measures a segment in one DuckDB pass: rows, time range, per-channel statistics, and, from each row's predecessor in
/// file order, missing timestamps, steps back in time, repeated timestamps and the median sampling step.
/// </summary>
internal static class DatasetProfiler
{
    public sealed record Measurement(
        long Rows, long MissingTimes, long FirstMissingRow, long OutOfOrder, long Duplicates, double? MedianStepMicros,
        DateTime? Start, DateTime? End, IReadOnlyList<ChannelProfile> Channels);

    public static string Segments(string folder) => SqlText.Literal(Path.Combine(folder, "segment-*.parquet"));

    public static Measurement Measure(DuckDBConnection connection, string parquetFile, IReadOnlyList<ManifestChannel> channels)
    {
        var aggregates = string.Concat(channels.Select(c =>
            $", min({c.Expression}), max({c.Expression}), avg({c.Expression}), stddev_samp({c.Expression}), count(*) - count({c.Expression})"));
        var sql = $"""
            SELECT count(*), count(*) FILTER (WHERE ts IS NULL), coalesce(min(r) FILTER (WHERE ts IS NULL), -1),
                count(*) FILTER (WHERE ts < p), count(*) FILTER (WHERE ts = p AND sensor_id = ps),
                approx_quantile(epoch_us(ts) - epoch_us(p), 0.5) FILTER (WHERE ts > p AND sensor_id = ps),
                min(ts), max(ts){aggregates}
            FROM (SELECT *, file_row_number AS r, lag(ts) OVER () AS p, lag(sensor_id) OVER () AS ps
                  FROM read_parquet({SqlText.Literal(parquetFile)}, file_row_number = true))
            """;
        using var reader = DatasetSealer.Query(connection, sql);
        reader.Read();
        DateTime? Time(int i) => reader.IsDBNull(i) ? null : DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc);
        var profiles = new List<ChannelProfile>();
        for (var i = 0; i < channels.Count; i++)
        {
            var at = 8 + i * 5;
            // Convert, not GetDouble: DuckDB gives DECIMAL for constant or decimal columns.
            double? Get(int k) => reader.IsDBNull(at + k) ? null : Convert.ToDouble(reader.GetValue(at + k), System.Globalization.CultureInfo.InvariantCulture);
            profiles.Add(new ChannelProfile(channels[i].Name, Get(0), Get(1), Get(2), Get(3), reader.GetInt64(at + 4), channels[i].Derived));
        }
        return new Measurement(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.IsDBNull(5) ? null : Convert.ToDouble(reader.GetValue(5)), Time(6), Time(7), profiles);
    }

    public static IReadOnlyList<string> Sensors(DuckDBConnection connection, string parquetFile)
    {
        var sensors = new List<string>();
        using var reader = DatasetSealer.Query(connection,
            $"SELECT DISTINCT sensor_id FROM read_parquet({SqlText.Literal(parquetFile)}) WHERE sensor_id <> '' ORDER BY 1 LIMIT 10000");
        while (reader.Read()) sensors.Add(reader.GetString(0));
        return sensors;
    }

    /// <summary>
    /// Duplicates and the median step per sensor when several sensors interleave, where neighbours in file order
    /// belong to different sensors. Costs a sort, so only multi-sensor datasets pay for it.
    /// </summary>
    public static (long Duplicates, double? MedianStepMicros) PerSensorSteps(DuckDBConnection connection, string parquetFile)
    {
        using var reader = DatasetSealer.Query(connection, $"""
            SELECT count(*) FILTER (WHERE d = 0), approx_quantile(d, 0.5) FILTER (WHERE d > 0)
            FROM (SELECT epoch_us(ts) - epoch_us(lag(ts) OVER (PARTITION BY sensor_id ORDER BY ts)) AS d FROM read_parquet({SqlText.Literal(parquetFile)}))
            """);
        reader.Read();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : Convert.ToDouble(reader.GetValue(1)));
    }
}
