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
    public Series Query(Guid projectId, Guid datasetId, IReadOnlyList<string> channels, DateTime? from, DateTime? to, int maxPoints,
        string? sensorId = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var (folder, manifest) = Open(projectId, datasetId);
        var resolved = channels.Select(manifest.Resolve).ToList();
        var (start, end) = Range(manifest, from, to);
        using var connection = database.Connect();
        var filter = Filter("ts", start, end, sensorId);
        var count = CountInRange(connection, folder, manifest, start, end, sensorId);
        var names = resolved.Select(c => c.Name).ToList();
        if (count <= maxPoints)
        {
            var raw = Read(connection, $"SELECT ts, {string.Join(", ", resolved.Select(c => c.Expression))} FROM {Segments(folder)} WHERE {filter} ORDER BY ts", resolved.Count);
            return new Series(true, raw.Times, names.Select((n, i) => new SeriesChannel(n, raw.Values[i], raw.Values[i])).ToList(), count, TimeSpan.Zero, null);
        }

        var bucket = Math.Max(1, (end - start + maxPoints - 1) / maxPoints);
        var level = sensorId is null ? manifest.Levels.Where(l => l.TileMicros * 2 <= bucket).MaxBy(l => l.TileMicros) : null;
        string sql;
        if (level is null)
        {
            var aggregates = string.Join(", ", resolved.Select(c => $"min({c.Expression}), max({c.Expression})"));
            sql = $"SELECT (epoch_us(ts) - {start}) // {bucket} AS b, {aggregates} FROM {Segments(folder)} WHERE {filter} GROUP BY b ORDER BY b";
        }
        else
        {
            var all = manifest.AllChannels.ToList();
            var aggregates = string.Join(", ", resolved.Select(c => all.IndexOf(c)).Select(i => $"min(lo_{i}), max(hi_{i})"));
            sql = $"SELECT (epoch_us(t) - {start}) // {bucket} AS b, {aggregates} FROM {Pyramid(folder, level)} WHERE {Filter("t", start, end, null)} GROUP BY b ORDER BY b";
        }
        var times = new List<DateTime>();
        var mins = resolved.Select(_ => new List<double?>()).ToList();
        var maxs = resolved.Select(_ => new List<double?>()).ToList();
        using (var reader = DatasetSealer.Query(connection, sql))
            while (reader.Read())
            {
                times.Add(SqlText.FromMicros(start + reader.GetInt64(0) * bucket));
                for (var i = 0; i < resolved.Count; i++)
                {
                    mins[i].Add(reader.IsDBNull(1 + 2 * i) ? null : reader.GetDouble(1 + 2 * i));
                    maxs[i].Add(reader.IsDBNull(2 + 2 * i) ? null : reader.GetDouble(2 + 2 * i));
                }
            }
        var result = names.Select((n, i) => new SeriesChannel(n, mins[i].ToArray(), maxs[i].ToArray())).ToList();
        return new Series(false, times.ToArray(), result, count, TimeSpan.FromTicks(bucket * 10), level?.Level);
    }

    /// <summary>At most <paramref name="maxPoints"/> measured field vectors spread over the range (first vector of each pyramid tile when wide).</summary>
    public FieldVectorSample SampleFieldVector(Guid projectId, Guid datasetId, DateTime? from, DateTime? to, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var (folder, manifest) = Open(projectId, datasetId);
        if (!manifest.HasFieldVector) throw new InvalidOperationException("The dataset has no b_x, b_y, b_z channels.");
        var (start, end) = Range(manifest, from, to);
        using var connection = database.Connect();
        var count = CountInRange(connection, folder, manifest, start, end, null);
        string sql;
        if (count <= maxPoints)
            sql = $"SELECT ts, b_x, b_y, b_z FROM {Segments(folder)} WHERE {Filter("ts", start, end, null)} ORDER BY ts";
        else
        {
            // The finest level with few enough tiles in range; with none, thin the samples by their row number.
            var level = manifest.Levels.OrderBy(l => l.TileMicros).FirstOrDefault(l => (end - start) / l.TileMicros <= maxPoints);
            var step = (count + maxPoints - 1) / maxPoints;
            sql = level is not null
                ? $"SELECT t, f[1], f[2], f[3] FROM {Pyramid(folder, level)} WHERE {Filter("t", start, end, null)} ORDER BY t"
                : $"SELECT ts, b_x, b_y, b_z FROM (SELECT ts, b_x, b_y, b_z, row_number() OVER (ORDER BY ts) AS r FROM {Segments(folder)} WHERE {Filter("ts", start, end, null)}) WHERE r % {step} = 1 ORDER BY ts";
        }
        var raw = Read(connection, sql, 3);
        var keep = Enumerable.Range(0, raw.Times.Length).Where(i => raw.Values.All(v => v[i] is not null)).ToList();
        if (keep.Count > maxPoints) keep = Enumerable.Range(0, maxPoints).Select(i => keep[(int)((long)i * keep.Count / maxPoints)]).ToList();
        return new FieldVectorSample(keep.Select(i => raw.Times[i]).ToArray(), keep.Select(i => raw.Values[0][i]!.Value).ToArray(),
            keep.Select(i => raw.Values[1][i]!.Value).ToArray(), keep.Select(i => raw.Values[2][i]!.Value).ToArray());
    }

    /// <summary>
    /// Cuts the range into windows of <paramref name="length"/> consecutive samples every <paramref name="stride"/> samples,
    /// for trainers. Missing values take the channel's previous value (0 before the first one).
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
        var raw = Read(connection, $"SELECT ts, {string.Join(", ", resolved.Select(c => c.Expression))} FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensorId)} ORDER BY ts", resolved.Count);
        var n = raw.Times.Length;
        var series = raw.Values.Select(column =>
        {
            var filled = new float[n];
            var last = 0f;
            for (var i = 0; i < n; i++) filled[i] = last = column[i] is { } v ? (float)v : last;
            return filled;
        }).ToList();
        var count = n < length ? 0 : (n - length) / stride + 1;
        var values = new float[count * resolved.Count * length];
        var starts = new DateTime[count];
        for (var w = 0; w < count; w++)
        {
            starts[w] = raw.Times[w * stride];
            for (var c = 0; c < resolved.Count; c++)
                series[c].AsSpan(w * stride, length).CopyTo(values.AsSpan((w * resolved.Count + c) * length, length));
        }
        return new WindowSet(resolved.Select(c => c.Name).ToList(), length, values, starts, datasetIds: Enumerable.Repeat(datasetId, count).ToArray());
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
            $"SELECT epoch_us(ts), {resolved.Expression} FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensorId)} ORDER BY ts");
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

    private static long CountInRange(DuckDBConnection connection, string folder, DatasetManifest manifest, long start, long end, string? sensorId)
    {
        if (sensorId is null && start <= manifest.OriginMicros && end > manifest.EndMicros) return manifest.Rows;
        // A pyramid level with at least 64 tiles in the range counts it to within a few percent (a tile at each end)
        // while reading few tiles; the decision raw-or-buckets needs no more. Narrow ranges count the samples exactly.
        var level = sensorId is null ? manifest.Levels.Where(l => l.TileMicros * 64 <= end - start).MaxBy(l => l.TileMicros) : null;
        return level is not null
            ? SampleDatabase.Scalar<long>(connection, $"SELECT coalesce(sum(n), 0)::BIGINT FROM {Pyramid(folder, level)} WHERE {Filter("t", start, end, null)}")
            : SampleDatabase.Scalar<long>(connection, $"SELECT count(*) FROM {Segments(folder)} WHERE {Filter("ts", start, end, sensorId)}");
    }

    private static string Filter(string column, long start, long end, string? sensorId) =>
        $"{column} >= make_timestamp({start}::BIGINT) AND {column} < make_timestamp({end}::BIGINT)"
        + (sensorId is null ? "" : $" AND sensor_id = {SqlText.Literal(sensorId)}");

    private static string Segments(string folder) => $"read_parquet({DatasetProfiler.Segments(folder)})";

    private static string Pyramid(string folder, PyramidLevel level) => $"read_parquet({SqlText.Literal(Path.Combine(folder, level.FileName))})";

    private sealed record Columns(DateTime[] Times, double?[][] Values);

    private static Columns Read(DuckDBConnection connection, string sql, int channels)
    {
        var times = new List<DateTime>();
        var values = Enumerable.Range(0, channels).Select(_ => new List<double?>()).ToList();
        using var reader = DatasetSealer.Query(connection, sql);
        while (reader.Read())
        {
            times.Add(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
            for (var i = 0; i < channels; i++) values[i].Add(reader.IsDBNull(i + 1) ? null : reader.GetDouble(i + 1));
        }
        return new Columns(times.ToArray(), values.Select(v => v.ToArray()).ToArray());
    }
}
