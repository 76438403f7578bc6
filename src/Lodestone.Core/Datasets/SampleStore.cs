using DuckDB.NET.Data;
using Lodestone.Trainers;

namespace Lodestone.Datasets;

/// <summary>
/// Reads a dataset's samples for charts and trainers. Wide ranges are answered from the min/max pyramid written at import
/// (a level whose tiles are at most half a bucket wide, so a tile's samples land in the bucket that holds its start:
/// a spike may move by under half a bucket, about one pixel, but never vanishes); narrow ranges scan the sorted segments, where Parquet
/// row-group statistics skip everything outside the range. Thread-safe; register as a singleton.
/// </summary>
public sealed class SampleStore(SampleDatabase database)
{
    /// <summary>
    /// The range of <paramref name="channels"/> as one series: of one sensor when <paramref name="sensorId"/> names it,
    /// else of every row (on a multi-sensor dataset that interleaves the sensors: see <see cref="QueryBySensor"/>).
    /// </summary>
    public Series Query(Guid projectId, Guid datasetId, IReadOnlyList<string> channels, DateTime? from, DateTime? to, int maxPoints,
        string? sensorId = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var (folder, manifest) = Open(projectId, datasetId);
        var resolved = channels.Select(manifest.Resolve).ToList();
        var (start, end) = Range(manifest, from, to);
        using var connection = database.Connect();
        var sensors = sensorId is null ? null : new[] { sensorId };
        var count = CountInRange(connection, folder, manifest, start, end, sensors).Values.Sum();
        var part = count <= maxPoints
            ? ReadRaw(connection, folder, resolved, start, end, sensors)
            : ReadBuckets(connection, folder, manifest, resolved, start, end, maxPoints, sensors);
        var read = part.Values.SingleOrDefault() ?? Part.Empty(resolved.Count);
        return read.ToSeries(resolved, count, null);
    }

    /// <summary>
    /// The range as one series per sensor (in the dataset's sensor order, <see cref="Series.SensorId"/> set), so that
    /// interleaved sensors never make one false band; <paramref name="sensors"/> chooses some (null: all). Each sensor's
    /// buckets come from its own pyramid tiles. A dataset of one sensor or none gives a single series.
    /// </summary>
    public IReadOnlyList<Series> QueryBySensor(Guid projectId, Guid datasetId, IReadOnlyList<string> channels, DateTime? from, DateTime? to,
        int maxPoints, IReadOnlyList<string>? sensors = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var (folder, manifest) = Open(projectId, datasetId);
        using var connection = database.Connect();
        var all = SensorsOf(connection, folder, manifest);
        var unknown = (sensors ?? []).Except(all).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"The dataset has no sensor {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Sensors: {string.Join(", ", all)}.", nameof(sensors));
        if (all.Count < 2) return [Query(projectId, datasetId, channels, from, to, maxPoints) with { SensorId = all.SingleOrDefault() }];
        var chosen = sensors is null ? all : all.Where(sensors.Contains).ToList();
        var resolved = channels.Select(manifest.Resolve).ToList();
        var (start, end) = Range(manifest, from, to);
        var counts = CountInRange(connection, folder, manifest, start, end, chosen);
        var parts = counts.Values.DefaultIfEmpty().Max() <= maxPoints
            ? ReadRaw(connection, folder, resolved, start, end, chosen)
            : ReadBuckets(connection, folder, manifest, resolved, start, end, maxPoints, chosen);
        return [.. chosen.Select(sensor => (parts.GetValueOrDefault(sensor) ?? Part.Empty(resolved.Count))
            .ToSeries(resolved, counts.GetValueOrDefault(sensor), sensor))];
    }

    /// <summary>Per sensor of a multi-sensor dataset, its rows and channel statistics; empty for one sensor or none.</summary>
    public IReadOnlyList<SensorProfile> SensorProfiles(Guid projectId, Guid datasetId)
    {
        var (folder, manifest) = Open(projectId, datasetId);
        if (manifest.Sensors is { } known) return known;
        using var connection = database.Connect();
        return SensorsOf(connection, folder, manifest).Count > 1 ? DatasetProfiler.MeasureSensors(connection, folder, manifest.AllChannels) : [];
    }

    /// <summary>The dataset's non-empty sensor ids; read from the segments for datasets sealed before the manifest kept them.</summary>
    private static IReadOnlyList<string> SensorsOf(DuckDBConnection connection, string folder, DatasetManifest manifest) =>
        manifest.Sensors is { } known
            ? (known.Count > 0 ? [.. known.Select(s => s.SensorId)] : [])
            : DatasetProfiler.Sensors(connection, DatasetProfiler.Segments(folder));

    /// <summary>The raw samples of the range, by sensor when <paramref name="sensors"/> is given, else under the key "".</summary>
    private static Dictionary<string, Part> ReadRaw(DuckDBConnection connection, string folder, IReadOnlyList<ManifestChannel> channels,
        long start, long end, IReadOnlyList<string>? sensors)
    {
        var key = sensors is null ? "''" : "sensor_id";
        var sql = $"SELECT {key}, epoch_us(ts), {string.Join(", ", channels.Select(c => c.Expression))} FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensors)} ORDER BY 1, ts";
        return ReadParts(connection, sql, channels.Count, micros => micros, raw: true, null, TimeSpan.Zero);
    }

    /// <summary>Min and max per bucket, from the coarsest pyramid level that serves the sensors, else from the samples.</summary>
    private static Dictionary<string, Part> ReadBuckets(DuckDBConnection connection, string folder, DatasetManifest manifest,
        IReadOnlyList<ManifestChannel> channels, long start, long end, int maxPoints, IReadOnlyList<string>? sensors)
    {
        var bucket = Math.Max(1, (end - start + maxPoints - 1) / maxPoints);
        var level = PyramidServes(manifest, sensors) ? manifest.Levels.Where(l => l.TileMicros * 2 <= bucket).MaxBy(l => l.TileMicros) : null;
        var key = sensors is null ? "''" : level is null ? "sensor_id" : "s";
        string sql;
        if (level is null)
        {
            var aggregates = string.Join(", ", channels.Select(c => $"min({c.Expression}), max({c.Expression})"));
            sql = $"SELECT {key} AS key, (epoch_us(ts) - {start}) // {bucket} AS b, {aggregates} FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensors)} GROUP BY ALL ORDER BY 1, 2";
        }
        else
        {
            var all = manifest.AllChannels.ToList();
            var aggregates = string.Join(", ", channels.Select(c => all.IndexOf(c)).Select(i => $"min(lo_{i}), max(hi_{i})"));
            sql = $"SELECT {key} AS key, (epoch_us(t) - {start}) // {bucket} AS b, {aggregates} FROM {Pyramid(folder, level)} WHERE {Filter("t", start, end, sensors, "s")} GROUP BY ALL ORDER BY 1, 2";
        }
        return ReadParts(connection, sql, channels.Count, b => start + b * bucket, raw: false, level?.Level, TimeSpan.FromTicks(bucket * 10));
    }

    /// <summary>Rows of (key, time or bucket, value or min and max per channel…) ordered by key, split by key.</summary>
    private static Dictionary<string, Part> ReadParts(DuckDBConnection connection, string sql, int channels, Func<long, long> micros, bool raw,
        int? level, TimeSpan width)
    {
        var parts = new Dictionary<string, Part>();
        Part? part = null;
        var perChannel = raw ? 1 : 2;
        using var reader = DatasetSealer.Query(connection, sql);
        while (reader.Read())
        {
            var key = reader.GetString(0);
            if (part?.Key != key) parts[key] = part = new Part(key, channels, raw, level, width);
            part.Times.Add(SqlText.FromMicros(micros(reader.GetInt64(1))));
            for (var i = 0; i < channels; i++)
            {
                var lo = 2 + perChannel * i;
                part.Mins[i].Add(reader.IsDBNull(lo) ? null : reader.GetDouble(lo));
                if (!raw) part.Maxs[i].Add(reader.IsDBNull(lo + 1) ? null : reader.GetDouble(lo + 1));
            }
        }
        return parts;
    }

    /// <summary>One sensor's (or the whole range's) chart samples as they are read.</summary>
    private sealed class Part(string key, int channels, bool raw, int? level, TimeSpan width)
    {
        public string Key { get; } = key;
        public int? Level { get; } = level;
        public List<DateTime> Times { get; } = [];
        public List<double?>[] Mins { get; } = [.. Enumerable.Range(0, channels).Select(_ => new List<double?>())];
        public List<double?>[] Maxs { get; } = [.. Enumerable.Range(0, channels).Select(_ => new List<double?>())];

        public static Part Empty(int channels) => new("", channels, true, null, TimeSpan.Zero);

        public Series ToSeries(IReadOnlyList<ManifestChannel> names, long rows, string? sensorId) =>
            new(raw, [.. Times], [.. names.Select((c, i) =>
            {
                var min = Mins[i].ToArray();
                return new SeriesChannel(c.Name, min, raw ? min : Maxs[i].ToArray());
            })], rows, width, Level, sensorId);
    }

    /// <summary>At most <paramref name="maxPoints"/> measured field vectors spread over the range (first vector of each pyramid tile when wide).</summary>
    public FieldVectorSample SampleFieldVector(Guid projectId, Guid datasetId, DateTime? from, DateTime? to, int maxPoints, string? sensorId = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var (folder, manifest) = Open(projectId, datasetId);
        if (!manifest.HasFieldVector) throw new InvalidOperationException("The dataset has no b_x, b_y, b_z channels.");
        var (start, end) = Range(manifest, from, to);
        using var connection = database.Connect();
        var sensors = sensorId is null ? null : new[] { sensorId };
        var count = CountInRange(connection, folder, manifest, start, end, sensors).Values.Sum();
        string sql;
        if (count <= maxPoints)
            sql = $"SELECT ts, b_x, b_y, b_z FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensors)} ORDER BY ts";
        else
        {
            // The finest level with few enough tiles in range; with none, thin the samples by their row number.
            var level = PyramidServes(manifest, sensors)
                ? manifest.Levels.OrderBy(l => l.TileMicros).FirstOrDefault(l => (end - start) / l.TileMicros <= maxPoints) : null;
            var step = (count + maxPoints - 1) / maxPoints;
            sql = level is not null
                ? $"SELECT t, f[1], f[2], f[3] FROM {Pyramid(folder, level)} WHERE {Filter("t", start, end, sensors, "s")} ORDER BY t"
                : $"SELECT ts, b_x, b_y, b_z FROM (SELECT ts, b_x, b_y, b_z, row_number() OVER (ORDER BY ts) AS r FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensors)}) WHERE r % {step} = 1 ORDER BY ts";
        }
        var raw = Read(connection, sql, 3);
        var keep = Enumerable.Range(0, raw.Times.Length).Where(i => raw.Values.All(v => v[i] is not null)).ToList();
        if (keep.Count > maxPoints) keep = Enumerable.Range(0, maxPoints).Select(i => keep[(int)((long)i * keep.Count / maxPoints)]).ToList();
        return new FieldVectorSample(keep.Select(i => raw.Times[i]).ToArray(), keep.Select(i => raw.Values[0][i]!.Value).ToArray(),
            keep.Select(i => raw.Values[1][i]!.Value).ToArray(), keep.Select(i => raw.Values[2][i]!.Value).ToArray());
    }

    /// <summary>
    /// Cuts the range into windows of <paramref name="length"/> consecutive samples every <paramref name="stride"/> samples,
    /// for trainers. Missing values take the channel's previous value (0 before the first one). Windows never span two
    /// sensors: without <paramref name="sensorId"/>, each sensor's rows are windowed on their own, one sensor after another.
    /// </summary>
    public WindowSet ReadWindows(Guid projectId, Guid datasetId, IReadOnlyList<string> channels, DateTime? from, DateTime? to,
        int length, int stride, string? sensorId = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var (folder, manifest) = Open(projectId, datasetId);
        var resolved = channels.Select(manifest.Resolve).ToList();
        var (start, end) = Range(manifest, from, to);
        using var connection = database.Connect();
        var sensors = sensorId is null ? null : new[] { sensorId };
        var raw = Read(connection, $"SELECT ts, {string.Join(", ", resolved.Select(c => c.Expression))}, sensor_id FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensors)} ORDER BY sensor_id, ts", resolved.Count);
        var n = raw.Times.Length;
        var runs = new List<(int Start, int End)>();
        for (var i = 0; i < n; i++)
            if (i == 0 || raw.Sensors[i] != raw.Sensors[i - 1]) runs.Add((i, n));
        for (var r = 0; r + 1 < runs.Count; r++) runs[r] = (runs[r].Start, runs[r + 1].Start);
        var series = raw.Values.Select(column =>
        {
            var filled = new float[n];
            foreach (var (first, last) in runs)
            {
                var previous = 0f;
                for (var i = first; i < last; i++) filled[i] = previous = column[i] is { } v ? (float)v : previous;
            }
            return filled;
        }).ToList();
        var offsets = runs.SelectMany(run => run.End - run.Start < length ? []
            : Enumerable.Range(0, (run.End - run.Start - length) / stride + 1).Select(w => run.Start + w * stride)).ToArray();
        var values = new float[offsets.Length * resolved.Count * length];
        var starts = new DateTime[offsets.Length];
        for (var w = 0; w < offsets.Length; w++)
        {
            starts[w] = raw.Times[offsets[w]];
            for (var c = 0; c < resolved.Count; c++)
                series[c].AsSpan(offsets[w], length).CopyTo(values.AsSpan((w * resolved.Count + c) * length, length));
        }
        return new WindowSet(resolved.Select(c => c.Name).ToList(), length, values, starts, datasetIds: Enumerable.Repeat(datasetId, offsets.Length).ToArray());
    }

    /// <summary>
    /// One channel's samples in time order as (microseconds since the Unix epoch, value), streamed so that millions of rows
    /// take no memory; missing values take the previous value (0 before the first one), as in <see cref="ReadWindows"/>.
    /// </summary>
    public IEnumerable<(long Micros, double Value)> ReadChannel(Guid projectId, Guid datasetId, string channel, string? sensorId = null)
    {
        var (folder, manifest) = Open(projectId, datasetId);
        var resolved = manifest.Resolve(channel);
        var (start, end) = Range(manifest, null, null);
        using var connection = database.Connect();
        using var reader = DatasetSealer.Query(connection,
            $"SELECT epoch_us(ts), {resolved.Expression} FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensorId is null ? null : [sensorId])} ORDER BY ts");
        var last = 0.0;
        while (reader.Read())
        {
            if (!reader.IsDBNull(1)) last = reader.GetDouble(1);
            yield return (reader.GetInt64(0), last);
        }
    }

    /// <summary>The channel names of a dataset as stored (original names, |B| included for field data).</summary>
    public IReadOnlyList<string> Channels(Guid projectId, Guid datasetId) => Open(projectId, datasetId).Manifest.AllChannels.Select(c => c.Name).ToList();

    private (string Folder, DatasetManifest Manifest) Open(Guid projectId, Guid datasetId)
    {
        var folder = database.Paths.DatasetFolder(projectId, datasetId);
        if (!File.Exists(Path.Combine(folder, DatasetManifest.FileName)))
            throw new KeyNotFoundException($"Dataset {datasetId} has no samples.");
        return (folder, DatasetManifest.Load(folder));
    }

    private static (long Start, long End) Range(DatasetManifest manifest, DateTime? from, DateTime? to)
    {
        var start = from is { } f ? SqlText.ToMicros(f) : manifest.OriginMicros;
        var end = to is { } t ? SqlText.ToMicros(t) : manifest.EndMicros + 1; // end is exclusive
        return (start, Math.Max(start + 1, end));
    }

    /// <summary>Samples in the range by sensor, or under the key "" when <paramref name="sensors"/> is null.</summary>
    private static Dictionary<string, long> CountInRange(DuckDBConnection connection, string folder, DatasetManifest manifest, long start, long end,
        IReadOnlyList<string>? sensors)
    {
        var whole = start <= manifest.OriginMicros && end > manifest.EndMicros;
        if (whole && sensors is null) return new() { [""] = manifest.Rows };
        if (whole && manifest.Sensors is { Count: > 0 } known)
            return known.Where(s => sensors!.Contains(s.SensorId)).ToDictionary(s => s.SensorId, s => s.Rows);
        // A pyramid level with at least 64 tiles in the range counts it to within a few percent (a tile at each end)
        // while reading few tiles; the decision raw-or-buckets needs no more. Narrow ranges count the samples exactly.
        var level = PyramidServes(manifest, sensors) ? manifest.Levels.Where(l => l.TileMicros * 64 <= end - start).MaxBy(l => l.TileMicros) : null;
        var sql = level is not null
            ? $"SELECT {(sensors is null ? "''" : "s")}, coalesce(sum(n), 0)::BIGINT FROM {Pyramid(folder, level)} WHERE {Filter("t", start, end, sensors, "s")} GROUP BY 1"
            : $"SELECT {(sensors is null ? "''" : "sensor_id")}, count(*) FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensors)} GROUP BY 1";
        var counts = new Dictionary<string, long>();
        using var reader = DatasetSealer.Query(connection, sql);
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>Whether the pyramid's tiles answer for these sensors: all rows, or sensors of a per-sensor pyramid.</summary>
    private static bool PyramidServes(DatasetManifest manifest, IReadOnlyList<string>? sensors) => sensors is null || manifest.SensorPyramid;

    private static string Filter(string column, long start, long end, IReadOnlyList<string>? sensors, string sensorColumn = "sensor_id") =>
        $"{column} >= make_timestamp({start}::BIGINT) AND {column} < make_timestamp({end}::BIGINT)"
        + (sensors is null ? "" : $" AND {sensorColumn} IN ({string.Join(", ", sensors.Select(SqlText.Literal))})");

    private static string Segments(string folder) => $"read_parquet({DatasetProfiler.Segments(folder)})";

    private static string Pyramid(string folder, PyramidLevel level) => $"read_parquet({SqlText.Literal(Path.Combine(folder, level.FileName))})";

    private sealed record Columns(DateTime[] Times, double?[][] Values, string?[] Sensors);

    /// <summary>Rows of (ts, channels…) and, when the query has one more column, the sensor of each row.</summary>
    private static Columns Read(DuckDBConnection connection, string sql, int channels)
    {
        var times = new List<DateTime>();
        var sensors = new List<string?>();
        var values = Enumerable.Range(0, channels).Select(_ => new List<double?>()).ToList();
        using var reader = DatasetSealer.Query(connection, sql);
        var withSensor = reader.FieldCount > channels + 1;
        while (reader.Read())
        {
            times.Add(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
            for (var i = 0; i < channels; i++) values[i].Add(reader.IsDBNull(i + 1) ? null : reader.GetDouble(i + 1));
            if (withSensor) sensors.Add(reader.IsDBNull(channels + 1) ? null : reader.GetString(channels + 1));
        }
        return new Columns(times.ToArray(), values.Select(v => v.ToArray()).ToArray(), withSensor ? [.. sensors] : new string?[times.Count]);
    }
}
