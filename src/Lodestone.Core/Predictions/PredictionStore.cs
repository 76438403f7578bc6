using DuckDB.NET.Data;
using Lodestone.Datasets;

namespace Lodestone.Predictions;

/// <summary>
/// The per-window results of prediction batches, as Parquet under <c>predictions/{project}/{batch}/</c> in the data
/// folder, queried with the sample store's DuckDB engine. A batch writes into a <c>.partial</c> folder that is renamed
/// when it completes, so a crashed, failed or cancelled batch leaves no half result that a reader could see.
/// Thread-safe; register as a singleton.
/// </summary>
public sealed class PredictionStore(SampleDatabase database)
{
    private const string Columns = "start_ts TIMESTAMP, end_ts TIMESTAMP, sensor_id VARCHAR, label VARCHAR, score DOUBLE, confidence DOUBLE, flagged BOOLEAN";

    public string Folder(Guid projectId, Guid batchId) => database.Paths.PredictionFolder(projectId, batchId);

    public bool Exists(Guid projectId, Guid batchId) => Directory.Exists(Folder(projectId, batchId));

    /// <summary>Starts writing a batch's results afresh (what an earlier attempt left unfinished is dropped).</summary>
    public Writer Begin(Guid projectId, Guid batchId) => new(database, Folder(projectId, batchId));

    /// <summary>Deletes a batch's results, finished or not.</summary>
    public void Delete(Guid projectId, Guid batchId)
    {
        var folder = Folder(projectId, batchId);
        foreach (var path in new[] { folder, folder + Data.LodestonePaths.PartialSuffix })
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    /// <summary>Every window of a completed batch in time order per sensor (for exports and tests; charts use <see cref="Read"/>).</summary>
    public IReadOnlyList<PredictionWindow> ReadAll(Guid projectId, Guid batchId)
    {
        using var connection = database.Connect();
        using var reader = Query(connection, $"SELECT {Select} FROM {Parts(projectId, batchId)} ORDER BY sensor_id NULLS FIRST, start_ts");
        var windows = new List<PredictionWindow>();
        while (reader.Read()) windows.Add(ReadWindow(reader));
        return windows;
    }

    /// <summary>
    /// The windows of a completed batch that overlap [<paramref name="from"/>, <paramref name="to"/>), at most about
    /// <paramref name="buckets"/> points or bands per sensor: scores as the maximum per bucket (a flagged spike never
    /// vanishes at any zoom), labels merged into bands of adjacent windows, by the most frequent label per bucket when
    /// there are more bands than buckets.
    /// </summary>
    public PredictionView Read(Guid projectId, Guid batchId, bool bands, DateTime? from, DateTime? to, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        using var connection = database.Connect();
        var parts = Parts(projectId, batchId);
        var (start, end) = Range(connection, parts, from, to);
        var filter = $"end_ts >= make_timestamp({start}::BIGINT) AND start_ts < make_timestamp({end}::BIGINT)";
        var counts = new Dictionary<string, long>();
        using (var reader = Query(connection, $"SELECT coalesce(sensor_id, ''), count(*) FROM {parts} WHERE {filter} GROUP BY 1"))
            while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        var total = counts.Values.Sum();
        var width = Math.Max(1, (end - start + buckets - 1) / buckets);
        var bucket = $"greatest(0, (epoch_us(start_ts) - {start}) // {width})";
        if (!bands)
        {
            var raw = counts.Values.DefaultIfEmpty().Max() <= buckets;
            var sql = raw
                ? $"SELECT sensor_id, epoch_us(start_ts), epoch_us(end_ts), score, flagged, 1 FROM {parts} WHERE {filter} ORDER BY sensor_id NULLS FIRST, start_ts"
                : $"SELECT sensor_id, {bucket} AS b, max(score), bool_or(flagged), count(*) FROM {parts} WHERE {filter} GROUP BY ALL ORDER BY 1 NULLS FIRST, 2";
            var points = new List<ScorePoint>();
            using var reader = Query(connection, sql);
            while (reader.Read())
            {
                var sensor = reader.IsDBNull(0) ? null : reader.GetString(0);
                var score = reader.IsDBNull(raw ? 3 : 2) ? (double?)null : reader.GetDouble(raw ? 3 : 2);
                points.Add(raw
                    ? new ScorePoint(sensor, Micros(reader.GetInt64(1)), Micros(reader.GetInt64(2)), score, !reader.IsDBNull(4) && reader.GetBoolean(4), 1)
                    : new ScorePoint(sensor, Micros(start + reader.GetInt64(1) * width), Micros(start + (reader.GetInt64(1) + 1) * width), score,
                        !reader.IsDBNull(3) && reader.GetBoolean(3), reader.GetInt64(4)));
            }
            return new PredictionView(raw, raw ? TimeSpan.Zero : TimeSpan.FromTicks(width * 10), total, points, []);
        }
        // A band breaks where the label changes or the windows leave a gap; overlapping windows of one label join.
        var merged = ReadBands(connection, $"""
            WITH w AS (SELECT sensor_id, start_ts, end_ts, label, confidence FROM {parts} WHERE {filter} AND label IS NOT NULL),
            g AS (SELECT *, CASE WHEN label IS DISTINCT FROM lag(label) OVER s OR start_ts > lag(end_ts) OVER s THEN 1 ELSE 0 END AS brk FROM w WINDOW s AS (PARTITION BY sensor_id ORDER BY start_ts)),
            h AS (SELECT *, sum(brk) OVER (PARTITION BY sensor_id ORDER BY start_ts ROWS UNBOUNDED PRECEDING) AS band FROM g)
            SELECT sensor_id, epoch_us(min(start_ts)), epoch_us(max(end_ts)), any_value(label), avg(confidence), count(*) FROM h GROUP BY sensor_id, band ORDER BY 1 NULLS FIRST, 2
            """, (s, e) => (s, e));
        var perSensor = merged.CountBy(b => b.Sensor ?? "").Select(p => p.Value).DefaultIfEmpty().Max();
        if (perSensor <= buckets) return new PredictionView(true, TimeSpan.Zero, total, [], Trim(merged));
        var coarse = ReadBands(connection,
            $"SELECT sensor_id, {bucket} AS b, {bucket} AS b2, mode(label), avg(confidence), count(*) FROM {parts} WHERE {filter} AND label IS NOT NULL GROUP BY ALL ORDER BY 1 NULLS FIRST, 2",
            (b, _) => (start + b * width, start + (b + 1) * width));
        return new PredictionView(false, TimeSpan.FromTicks(width * 10), total, [], Trim(Join(coarse)));
    }

    private static List<LabelBand> ReadBands(DuckDBConnection connection, string sql, Func<long, long, (long Start, long End)> times)
    {
        var bands = new List<LabelBand>();
        using var reader = Query(connection, sql);
        while (reader.Read())
        {
            var (s, e) = times(reader.GetInt64(1), reader.GetInt64(2));
            bands.Add(new LabelBand(reader.IsDBNull(0) ? null : reader.GetString(0), Micros(s), Micros(e), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetInt64(5)));
        }
        return bands;
    }

    /// <summary>Adjacent buckets of one sensor with the same label become one band.</summary>
    private static List<LabelBand> Join(List<LabelBand> buckets)
    {
        var joined = new List<LabelBand>();
        foreach (var b in buckets)
        {
            if (joined.Count > 0 && joined[^1] is var last && last.Sensor == b.Sensor && last.Label == b.Label && last.End >= b.Start)
            {
                var windows = last.Windows + b.Windows;
                var confidence = last.Confidence is { } c1 && b.Confidence is { } c2 ? (c1 * last.Windows + c2 * b.Windows) / windows : last.Confidence ?? b.Confidence;
                joined[^1] = last with { End = b.End, Windows = windows, Confidence = confidence };
            }
            else joined.Add(b);
        }
        return joined;
    }

    /// <summary>Overlapping windows make bands that overlap where the label changes; each band ends where the next begins.</summary>
    private static List<LabelBand> Trim(List<LabelBand> bands) =>
        [.. bands.Select((b, i) => i + 1 < bands.Count && bands[i + 1].Sensor == b.Sensor && bands[i + 1].Start < b.End ? b with { End = bands[i + 1].Start } : b)];

    private const string Select = "start_ts, end_ts, sensor_id, label, score, confidence, flagged";

    private static PredictionWindow ReadWindow(DuckDBDataReader reader) => new(
        DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
        reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5), !reader.IsDBNull(6) && reader.GetBoolean(6));

    private string Parts(Guid projectId, Guid batchId)
    {
        var folder = Folder(projectId, batchId);
        if (!Directory.Exists(folder)) throw new KeyNotFoundException($"Prediction batch {batchId} has no results.");
        return $"read_parquet({SqlText.Literal(Path.Combine(folder, "*.parquet"))})";
    }

    private static (long Start, long End) Range(DuckDBConnection connection, string parts, DateTime? from, DateTime? to)
    {
        long start, end;
        using (var reader = Query(connection, $"SELECT coalesce(epoch_us(min(start_ts)), 0), coalesce(epoch_us(max(end_ts)), 0) FROM {parts}"))
        {
            reader.Read();
            start = from is { } f ? SqlText.ToMicros(f) : reader.GetInt64(0);
            end = to is { } t ? SqlText.ToMicros(t) : reader.GetInt64(1) + 1;
        }
        return (start, Math.Max(start + 1, end));
    }

    private static DateTime Micros(long micros) => SqlText.FromMicros(micros);

    private static DuckDBDataReader Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (DuckDBDataReader)command.ExecuteReader();
    }

    /// <summary>Writes one batch's results as numbered Parquet parts into its <c>.partial</c> folder; <see cref="Commit"/> publishes them.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly SampleDatabase _database;
        private readonly string _final;
        private readonly string _partial;
        private int _parts;
        private bool _committed;

        internal Writer(SampleDatabase database, string final)
        {
            _database = database;
            _final = final;
            _partial = final + Data.LodestonePaths.PartialSuffix;
            if (Directory.Exists(_partial)) Directory.Delete(_partial, recursive: true);
            Directory.CreateDirectory(_partial);
        }

        public void Append(IReadOnlyList<PredictionWindow> windows)
        {
            using var connection = _database.Connect();
            SampleDatabase.Execute(connection, $"CREATE TEMP TABLE chunk ({Columns})");
            using (var appender = connection.CreateAppender("chunk"))
                foreach (var w in windows)
                    appender.CreateRow().AppendValue(w.Start).AppendValue(w.End).AppendValue(w.Sensor).AppendValue(w.Label)
                        .AppendValue(w.Score is { } s && double.IsFinite(s) ? s : null).AppendValue(w.Confidence).AppendValue(w.Flagged).EndRow();
            var part = Path.Combine(_partial, $"part-{_parts++:D5}.parquet");
            SampleDatabase.Execute(connection, $"COPY (SELECT * FROM chunk ORDER BY sensor_id, start_ts) TO {SqlText.Literal(part)} (FORMAT parquet, COMPRESSION zstd); DROP TABLE chunk;");
        }

        /// <summary>Makes the results visible at once, replacing any an earlier run of the batch left.</summary>
        public void Commit()
        {
            // An empty batch still has a part, so that readers find its columns.
            if (_parts == 0) Append([]);
            if (Directory.Exists(_final)) Directory.Delete(_final, recursive: true);
            Directory.Move(_partial, _final);
            _committed = true;
        }

        /// <summary>Without a commit, the partial folder goes: a failed or cancelled batch leaves nothing behind.</summary>
        public void Dispose()
        {
            if (!_committed && Directory.Exists(_partial)) Directory.Delete(_partial, recursive: true);
        }
    }
}
