using DuckDB.NET.Data;

namespace Lodestone.Datasets;

/// <summary>Measures a dataset folder's segments in one DuckDB pass: rows, time range, per-channel statistics, sensors, rate.</summary>
internal static class DatasetProfiler
{
    public static string Segments(string folder) => SqlText.Literal(Path.Combine(folder, "segment-*.parquet"));

    public static DatasetProfile Profile(DuckDBConnection connection, string folder, DatasetManifest manifest)
    {
        var channels = manifest.AllChannels;
        var source = $"read_parquet({Segments(folder)})";
        var aggregates = string.Join(", ", channels.Select(c =>
            $"min({c.Expression}), max({c.Expression}), avg({c.Expression}), stddev_samp({c.Expression}), count(*) - count({c.Expression})"));
        long rows;
        DateTime? start = null, end = null;
        var profiles = new List<ChannelProfile>();
        using (var reader = DatasetSealer.Query(connection, $"SELECT count(*), min(ts), max(ts), {aggregates} FROM {source}"))
        {
            reader.Read();
            rows = reader.GetInt64(0);
            if (!reader.IsDBNull(1)) start = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
            if (!reader.IsDBNull(2)) end = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
            for (var i = 0; i < channels.Count; i++)
            {
                var at = 3 + i * 5;
                double? Get(int k) => reader.IsDBNull(at + k) ? null : reader.GetDouble(at + k);
                profiles.Add(new ChannelProfile(channels[i].Name, Get(0), Get(1), Get(2), Get(3), reader.GetInt64(at + 4), channels[i].Derived));
            }
        }

        var sensors = new List<string>();
        using (var reader = DatasetSealer.Query(connection, $"SELECT DISTINCT sensor_id FROM {source} WHERE sensor_id <> '' ORDER BY 1 LIMIT 10000"))
            while (reader.Read()) sensors.Add(reader.GetString(0));

        // The median step between consecutive samples of one sensor; segments are sorted by time, so a single sensor needs no sort.
        var window = sensors.Count > 1 ? "OVER (PARTITION BY sensor_id ORDER BY ts)" : "OVER ()";
        var step = rows < 2 ? null : ScalarOrNull(connection,
            $"SELECT approx_quantile(d, 0.5) FROM (SELECT epoch_us(ts) - epoch_us(lag(ts) {window}) AS d FROM {source}) WHERE d > 0");
        double? rate = step is > 0 ? 1e6 / step.Value : null;
        return new DatasetProfile(rows, start, end, rate, DatasetSealer.FolderSize(folder), profiles, sensors);
    }

    private static double? ScalarOrNull(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? null : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
