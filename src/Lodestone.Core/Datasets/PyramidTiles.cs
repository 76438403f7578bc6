using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Lodestone.Datasets;

/// <summary>
/// Level 1 of <see cref="SamplePyramid"/> gathered while a time-sorted import streams past: per tile of
/// <c>tileMicros</c> from the origin and per sensor in it, the row count, min and max of every channel (NULL when it has
/// no value) and the first (b_x, b_y, b_z) vector. A dataset of several sensors keeps the tiles per sensor (column
/// <c>s</c>, as <see cref="DatasetManifest.SensorPyramid"/> wants them); one of a single sensor has one a tile. Finished
/// tiles go through a DuckDB table into uncompressed Parquet parts of <see cref="PartTiles"/> tiles (like
/// <see cref="SamplePyramid"/>'s chunks), so memory stays flat: 20M rows make 625k tiles, 135 MB as one table.
/// </summary>
internal sealed class PyramidTiles : IDisposable
{
    private readonly DuckDBConnection connection;
    private const int PartTiles = 1 << 16;
    private readonly string folder;
    private readonly List<string> parts = [];
    private readonly string columnsSql;
    private NativeAppender appender;
    private long inTable;
    private readonly ImportSensors sensors;
    private readonly int channels;
    private readonly int[]? fieldVector;
    private readonly long origin;
    private readonly long[] keys = new long[NativeAppender.ChunkRows], sensorOfTile = new long[NativeAppender.ChunkRows],
        counts = new long[NativeAppender.ChunkRows];
    private readonly double[][] lows, highs, first;
    private int buffered;
    private long key = -1;
    // The current tile, per sensor number: rows, extremes (sensor * channels + channel) and first vector (sensor * 3 + i).
    private long[] count = [];
    private double[] low = [], high = [], vector = [];
    private bool perSensor;

    public PyramidTiles(SampleDatabase database, string folder, string table, ImportSensors sensors, int channels, int[]? fieldVector,
        long origin, long tileMicros)
    {
        this.folder = folder;
        connection = database.Connect();
        (this.sensors, this.channels, this.fieldVector, this.origin, TileMicros, Table) = (sensors, channels, fieldVector, origin, tileMicros, table);
        lows = Columns(channels);
        highs = Columns(channels);
        first = Columns(fieldVector is null ? 0 : 3);
        var columns = new List<string> { "k BIGINT", "si BIGINT", "n BIGINT" };
        for (var c = 0; c < channels; c++) columns.AddRange([$"lo_{c} DOUBLE", $"hi_{c} DOUBLE"]);
        if (fieldVector is not null) columns.AddRange(["fx DOUBLE", "fy DOUBLE", "fz DOUBLE"]);
        columnsSql = string.Join(", ", columns);
        appender = NewTable();
    }

    private NativeAppender NewTable()
    {
        SampleDatabase.Execute(connection, $"CREATE TABLE {Table} ({columnsSql})");
        return new NativeAppender(connection, Table, [DuckDBType.BigInt, DuckDBType.BigInt, DuckDBType.BigInt,
            .. Enumerable.Repeat(DuckDBType.Double, 2 * channels + (fieldVector is null ? 0 : 3))]);
    }

    /// <summary>Writes the table's tiles as the next part and starts an empty table.</summary>
    private void WritePart(bool last)
    {
        appender.Close();
        appender.Dispose();
        var part = Path.Combine(folder, $"pyramid-1-part-{parts.Count}.parquet");
        SampleDatabase.Execute(connection, $"COPY {Table} TO {SqlText.Literal(part)} (FORMAT parquet, COMPRESSION uncompressed); DROP TABLE {Table};");
        parts.Add(part);
        inTable = 0;
        if (!last) appender = NewTable();
    }

    private static double[][] Columns(int n) => [.. Enumerable.Range(0, n).Select(_ => new double[NativeAppender.ChunkRows])];

    public string Table { get; }
    public long TileMicros { get; }
    public long Tiles { get; private set; }

    /// <summary>
    /// The level in the columns <see cref="SamplePyramid"/> writes: s (per sensor only), k, n, lo_i, hi_i…, f, in the order
    /// of k (then s).
    /// </summary>
    public string Level1Sql => "SELECT "
        + (perSensor ? $"[{string.Join(", ", sensors.Names.Select(SqlText.Literal))}][si + 1] AS s, " : "")
        + $"k, n, {string.Join(", ", Enumerable.Range(0, channels).Select(c => $"lo_{c}, hi_{c}"))}"
        + (fieldVector is null ? "" : ", [fx, fy, fz] AS f") + $" FROM read_parquet([{string.Join(", ", parts.Select(SqlText.Literal))}])";

    /// <summary>Adds a block's rows, which must follow the rows added before in time; <paramref name="numbers"/> maps its sensors.</summary>
    public void Add(CsvBlock block, ReadOnlySpan<int> numbers)
    {
        if (count.Length < sensors.Count) Grow(sensors.Count);
        var times = block.Times;
        var start = 0;
        while (start < block.Rows)
        {
            var k = (times[start] - origin) / TileMicros;
            // Rows arrive sorted, so the tile's run ends at the first time past its end: a comparison a row, no division.
            var tileEnd = origin + (k + 1) * TileMicros;
            var end = start + 1;
            while (end < block.Rows && times[end] < tileEnd) end++;
            if (k != key)
            {
                FlushTile();
                key = k;
            }
            if (block.Sensors.Count == 1) AddRun(numbers[0], block, start, end);
            else AddInterleaved(numbers, block, start, end);
            start = end;
        }
    }

    /// <summary>Rows of one sensor: each channel's extremes in a tight loop over its values.</summary>
    private void AddRun(int sensor, CsvBlock block, int start, int end)
    {
        if (count[sensor] == 0) FirstVector(sensor, block, start);
        count[sensor] += end - start;
        for (var c = 0; c < channels; c++)
        {
            var at = sensor * channels + c;
            double lo = low[at], hi = high[at];
            // NaN (missing) compares false both ways, so it never becomes an extreme.
            foreach (var v in block.Values[c].AsSpan(start, end - start))
            {
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            (low[at], high[at]) = (lo, hi);
        }
    }

    private void AddInterleaved(ReadOnlySpan<int> numbers, CsvBlock block, int start, int end)
    {
        var sensorOfRow = block.SensorOfRow;
        for (var r = start; r < end; r++)
        {
            var sensor = numbers[sensorOfRow[r]];
            if (count[sensor]++ == 0) FirstVector(sensor, block, r);
        }
        for (var c = 0; c < channels; c++)
        {
            var values = block.Values[c];
            for (var r = start; r < end; r++)
            {
                var (v, at) = (values[r], numbers[sensorOfRow[r]] * channels + c);
                if (v < low[at]) low[at] = v;
                if (v > high[at]) high[at] = v;
            }
        }
    }

    private void FirstVector(int sensor, CsvBlock block, int row)
    {
        if (fieldVector is not null)
            for (var i = 0; i < 3; i++) vector[sensor * 3 + i] = block.Values[fieldVector[i]][row];
    }

    private void Grow(int sensorCount)
    {
        var old = count.Length;
        Array.Resize(ref count, sensorCount);
        Array.Resize(ref low, sensorCount * channels);
        Array.Resize(ref high, sensorCount * channels);
        Array.Resize(ref vector, sensorCount * 3);
        low.AsSpan(old * channels).Fill(double.PositiveInfinity);
        high.AsSpan(old * channels).Fill(double.NegativeInfinity);
    }

    /// <summary>Buffers the current tile's rows, one per sensor in it in DuckDB's order of the ids, and clears them.</summary>
    private void FlushTile()
    {
        if (key < 0) return;
        foreach (var sensor in sensors.Order)
        {
            if (sensor >= count.Length || count[sensor] == 0) continue;
            keys[buffered] = key;
            sensorOfTile[buffered] = sensor;
            counts[buffered] = count[sensor];
            for (var c = 0; c < channels; c++)
            {
                var at = sensor * channels + c;
                lows[c][buffered] = double.IsPositiveInfinity(low[at]) ? double.NaN : low[at];
                highs[c][buffered] = double.IsNegativeInfinity(high[at]) ? double.NaN : high[at];
                (low[at], high[at]) = (double.PositiveInfinity, double.NegativeInfinity);
            }
            for (var i = 0; i < first.Length; i++) first[i][buffered] = vector[sensor * 3 + i];
            count[sensor] = 0;
            Tiles++;
            if (++buffered == NativeAppender.ChunkRows) AppendBuffered();
        }
    }

    private void AppendBuffered()
    {
        if (buffered == 0) return;
        appender.BeginChunk();
        appender.Longs(0, keys.AsSpan(0, buffered));
        appender.Longs(1, sensorOfTile.AsSpan(0, buffered));
        appender.Longs(2, counts.AsSpan(0, buffered));
        for (var c = 0; c < channels; c++)
        {
            appender.Doubles(3 + 2 * c, lows[c].AsSpan(0, buffered));
            appender.Doubles(4 + 2 * c, highs[c].AsSpan(0, buffered));
        }
        for (var i = 0; i < first.Length; i++) appender.Doubles(3 + 2 * channels + i, first[i].AsSpan(0, buffered));
        appender.EndChunk(buffered);
        inTable += buffered;
        buffered = 0;
        if (inTable >= PartTiles) WritePart(last: false);
    }

    /// <summary>
    /// Writes the last tile and flushes the table; <paramref name="bySensor"/> says whether the level keeps its tiles per
    /// sensor. Without, the tiles must be of one sensor id (one tile a key).
    /// </summary>
    public void Finish(bool bySensor)
    {
        if (!bySensor && sensors.Count > 1) throw new InvalidOperationException("Tiles of several sensor ids cannot be one level without sensors.");
        perSensor = bySensor;
        FlushTile();
        key = -1;
        AppendBuffered();
        WritePart(last: true);
    }

    private bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        appender.Dispose();
        SampleDatabase.Execute(connection, $"DROP TABLE IF EXISTS {Table}");
        connection.Dispose();
        // Level 1 deletes its parts once written; parts of tiles that were dropped go here.
        foreach (var part in parts.Where(File.Exists)) File.Delete(part);
    }
}
