using System.Globalization;
using DuckDB.NET.Data;

namespace Lodestone.Datasets;

/// <summary>
/// Measures a segment. The time axis (rows, range, and, from each row's predecessor in file order, missing timestamps,
/// steps back in time, repeated timestamps and the median sampling step) needs an ordered window, which DuckDB runs on one
/// thread, so it reads only ts and sensor_id. Channel statistics are order-free and come from a separate parallel pass.
/// </summary>
internal static class DatasetProfiler
{
    public sealed record TimeAxis(
        long Rows, long MissingTimes, long FirstMissingRow, long OutOfOrder, long Duplicates, double? MedianStepMicros,
        DateTime? Start, DateTime? End);

    public static string Segments(string folder) => SqlText.Literal(Path.Combine(folder, "segment-*.parquet"));

    /// <param name="parquetFiles">A SQL literal of a file or a list of files, read in order.</param>
    public static TimeAxis MeasureTime(DuckDBConnection connection, string parquetFiles)
    {
        var sql = $"""
            SELECT count(*), count(*) FILTER (WHERE ts IS NULL), coalesce(min(r) FILTER (WHERE ts IS NULL), -1),
                count(*) FILTER (WHERE ts < p), count(*) FILTER (WHERE ts = p AND sensor_id = ps),
                approx_quantile(epoch_us(ts) - epoch_us(p), 0.5) FILTER (WHERE ts > p AND sensor_id = ps),
                min(ts), max(ts)
            FROM (SELECT ts, sensor_id, file_row_number AS r, lag(ts) OVER () AS p, lag(sensor_id) OVER () AS ps
                  FROM read_parquet({parquetFiles}, file_row_number = true))
            """;
        using var reader = DatasetSealer.Query(connection, sql);
        reader.Read();
        DateTime? Time(int i) => reader.IsDBNull(i) ? null : DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc);
        return new TimeAxis(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.IsDBNull(5) ? null : Convert.ToDouble(reader.GetValue(5), CultureInfo.InvariantCulture), Time(6), Time(7));
    }

    /// <summary>
    /// Per-channel min, max, mean, standard deviation and missing count. With a pyramid, min and max are read from its first
    /// level (exact: it holds every sample's tile extremes), and mean and deviation come from sums shifted by the channel's
    /// mid-range, which keeps the sum of squares well conditioned and costs far less than DuckDB's per-value Welford update.
    /// </summary>
    public static IReadOnlyList<ChannelProfile> MeasureChannels(DuckDBConnection connection, string segmentFolder,
        IReadOnlyList<ManifestChannel> channels, long rows, string? pyramidLevel1)
    {
        var source = $"read_parquet({Segments(segmentFolder)})";
        if (pyramidLevel1 is null)
        {
            var aggregates = string.Join(", ", channels.Select(c =>
                $"min({c.Expression}), max({c.Expression}), avg({c.Expression}), stddev_samp({c.Expression}), count({c.Expression})"));
            using var reader = DatasetSealer.Query(connection, $"SELECT {aggregates} FROM {source}");
            reader.Read();
            return [.. channels.Select((c, i) => new ChannelProfile(c.Name, Number(reader, i * 5), Number(reader, i * 5 + 1),
                Number(reader, i * 5 + 2), Number(reader, i * 5 + 3), rows - reader.GetInt64(i * 5 + 4), c.Derived))];
        }

        var ranges = new (double? Min, double? Max)[channels.Count];
        using (var reader = DatasetSealer.Query(connection, $"SELECT {string.Join(", ", channels.Select((_, i) => $"min(lo_{i}), max(hi_{i})"))} FROM read_parquet({SqlText.Literal(pyramidLevel1)})"))
        {
            reader.Read();
            for (var i = 0; i < channels.Count; i++) ranges[i] = (Number(reader, 2 * i), Number(reader, 2 * i + 1));
        }
        var shifts = ranges.Select(r => r.Min is { } lo && r.Max is { } hi ? lo / 2 + hi / 2 : 0).ToArray();
        var sums = string.Join(", ", channels.Select((c, i) =>
        {
            var shifted = $"({c.Expression} - {shifts[i].ToString("R", CultureInfo.InvariantCulture)}::DOUBLE)";
            return $"sum({shifted}), sum({shifted} * {shifted}), count({c.Expression})";
        }));
        using (var reader = DatasetSealer.Query(connection, $"SELECT {sums} FROM {source}"))
        {
            reader.Read();
            return [.. channels.Select((c, i) =>
            {
                var n = reader.GetInt64(3 * i + 2);
                double? mean = null, std = null;
                if (n > 0)
                {
                    var (s, q) = (Number(reader, 3 * i)!.Value, Number(reader, 3 * i + 1)!.Value);
                    mean = Math.Clamp(shifts[i] + s / n, ranges[i].Min!.Value, ranges[i].Max!.Value);
                    if (n > 1) std = Math.Sqrt(Math.Max(0, (q - s * s / n) / (n - 1)));
                }
                return new ChannelProfile(c.Name, ranges[i].Min, ranges[i].Max, mean, std, rows - n, c.Derived);
            })];
        }
    }

    /// <summary>
    /// Per sensor, its rows and each channel's min, max, mean, standard deviation and missing count, in one grouped pass
    /// (only multi-sensor datasets pay for it).
    /// </summary>
    public static IReadOnlyList<SensorProfile> MeasureSensors(DuckDBConnection connection, string segmentFolder, IReadOnlyList<ManifestChannel> channels)
    {
        var aggregates = string.Join(", ", channels.Select(c =>
            $"min({c.Expression}), max({c.Expression}), avg({c.Expression}), stddev_samp({c.Expression}), count({c.Expression})"));
        var sensors = new List<SensorProfile>();
        using var reader = DatasetSealer.Query(connection,
            $"SELECT sensor_id, count(*), {aggregates} FROM read_parquet({Segments(segmentFolder)}) WHERE sensor_id <> '' GROUP BY 1 ORDER BY 1");
        while (reader.Read())
        {
            var rows = reader.GetInt64(1);
            sensors.Add(new SensorProfile(reader.GetString(0), rows, [.. channels.Select((c, i) => new ChannelProfile(c.Name,
                Number(reader, 2 + i * 5), Number(reader, 3 + i * 5), Number(reader, 4 + i * 5), Number(reader, 5 + i * 5),
                rows - reader.GetInt64(6 + i * 5), c.Derived))]));
        }
        return sensors;
    }

    // Convert, not GetDouble: DuckDB gives DECIMAL for constant or decimal columns.
    private static double? Number(DuckDBDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Sensors(DuckDBConnection connection, string parquetFiles)
    {
        var sensors = new List<string>();
        using var reader = DatasetSealer.Query(connection,
            $"SELECT DISTINCT sensor_id FROM read_parquet({parquetFiles}) WHERE sensor_id <> '' ORDER BY 1 LIMIT 10000");
        while (reader.Read()) sensors.Add(reader.GetString(0));
        return sensors;
    }

    /// <summary>
    /// Duplicates and the median step per sensor when several sensors interleave, where neighbours in file order
    /// belong to different sensors. Costs a sort, so only multi-sensor datasets pay for it.
    /// </summary>
    public static (long Duplicates, double? MedianStepMicros) PerSensorSteps(DuckDBConnection connection, string parquetFiles)
    {
        using var reader = DatasetSealer.Query(connection, $"""
            SELECT count(*) FILTER (WHERE d = 0), approx_quantile(d, 0.5) FILTER (WHERE d > 0)
            FROM (SELECT epoch_us(ts) - epoch_us(lag(ts) OVER (PARTITION BY sensor_id ORDER BY ts)) AS d FROM read_parquet({parquetFiles}))
            """);
        reader.Read();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture));
    }
}
