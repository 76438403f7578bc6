using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Lodestone.Datasets;

/// <summary>
/// Level 1 of <see cref="SamplePyramid"/> gathered while a time-sorted import streams past: per tile of
/// <c>tileMicros</c> from the origin, the row count, min and max of every channel (NULL when it has no value) and the
/// first (b_x, b_y, b_z) vector. Finished tiles go through a DuckDB table into uncompressed Parquet parts of
/// <see cref="PartTiles"/> tiles (like <see cref="SamplePyramid"/>'s chunks), so memory stays flat: 20M rows make 625k
/// tiles, 135 MB as one table.
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
    private readonly int channels;
    private readonly int[]? fieldVector;
    private readonly long origin;
    private readonly long[] keys = new long[NativeAppender.ChunkRows], counts = new long[NativeAppender.ChunkRows];
    private readonly double[][] lows, highs, first;
    private int buffered;
    private long key = -1, count;
    private readonly double[] low, high, vector = new double[3];

    public PyramidTiles(SampleDatabase database, string folder, string table, int channels, int[]? fieldVector, long origin, long tileMicros)
    {
        this.folder = folder;
        connection = database.Connect();
        (this.channels, this.fieldVector, this.origin, TileMicros, Table) = (channels, fieldVector, origin, tileMicros, table);
        lows = Columns(channels);
        highs = Columns(channels);
        first = Columns(fieldVector is null ? 0 : 3);
        (low, high) = (new double[channels], new double[channels]);
        var columns = new List<string> { "k BIGINT", "n BIGINT" };
        for (var c = 0; c < channels; c++) columns.AddRange([$"lo_{c} DOUBLE", $"hi_{c} DOUBLE"]);
        if (fieldVector is not null) columns.AddRange(["fx DOUBLE", "fy DOUBLE", "fz DOUBLE"]);
        columnsSql = string.Join(", ", columns);
        appender = NewTable();
    }

    private NativeAppender NewTable()
    {
        SampleDatabase.Execute(connection, $"CREATE TABLE {Table} ({columnsSql})");
        return new NativeAppender(connection, Table, [DuckDBType.BigInt, DuckDBType.BigInt,
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

    /// <summary>The level in the columns <see cref="SamplePyramid"/> writes: k, n, lo_i, hi_i…, f.</summary>
    public string Level1Sql => $"SELECT k, n, {string.Join(", ", Enumerable.Range(0, channels).Select(c => $"lo_{c}, hi_{c}"))}"
        + (fieldVector is null ? "" : ", [fx, fy, fz] AS f") + $" FROM read_parquet([{string.Join(", ", parts.Select(SqlText.Literal))}])";

    /// <summary>Adds a block's rows, which must follow the rows added before in time.</summary>
    public void Add(CsvBlock block)
    {
        var times = block.Times;
        var start = 0;
        while (start < block.Rows)
        {
            var k = (times[start] - origin) / TileMicros;
            // Rows arrive sorted, so the tile's run ends at the first time past its end: a comparison a row, no division.
            var tileEnd = origin + (k + 1) * TileMicros;
            var end = start + 1;
            while (end < block.Rows && times[end] < tileEnd) end++;
            if (k != key) StartTile(k, block, start);
            count += end - start;
            for (var c = 0; c < channels; c++)
            {
                double lo = low[c], hi = high[c];
                // NaN (missing) compares false both ways, so it never becomes an extreme.
                foreach (var v in block.Values[c].AsSpan(start, end - start))
                {
                    if (v < lo) lo = v;
                    if (v > hi) hi = v;
                }
                (low[c], high[c]) = (lo, hi);
            }
            start = end;
        }
    }

    private void StartTile(long k, CsvBlock block, int row)
    {
        FlushTile();
        (key, count) = (k, 0);
        Array.Fill(low, double.PositiveInfinity);
        Array.Fill(high, double.NegativeInfinity);
        if (fieldVector is not null)
            for (var i = 0; i < 3; i++) vector[i] = block.Values[fieldVector[i]][row];
    }

    private void FlushTile()
    {
        if (key < 0) return;
        keys[buffered] = key;
        counts[buffered] = count;
        for (var c = 0; c < channels; c++)
        {
            lows[c][buffered] = double.IsPositiveInfinity(low[c]) ? double.NaN : low[c];
            highs[c][buffered] = double.IsNegativeInfinity(high[c]) ? double.NaN : high[c];
        }
        for (var i = 0; i < first.Length; i++) first[i][buffered] = vector[i];
        Tiles++;
        if (++buffered == NativeAppender.ChunkRows) AppendBuffered();
    }

    private void AppendBuffered()
    {
        if (buffered == 0) return;
        appender.BeginChunk();
        appender.Longs(0, keys.AsSpan(0, buffered));
        appender.Longs(1, counts.AsSpan(0, buffered));
        for (var c = 0; c < channels; c++)
        {
            appender.Doubles(2 + 2 * c, lows[c].AsSpan(0, buffered));
            appender.Doubles(3 + 2 * c, highs[c].AsSpan(0, buffered));
        }
        for (var i = 0; i < first.Length; i++) appender.Doubles(2 + 2 * channels + i, first[i].AsSpan(0, buffered));
        appender.EndChunk(buffered);
        inTable += buffered;
        buffered = 0;
        if (inTable >= PartTiles) WritePart(last: false);
    }

    /// <summary>Writes the last tile and flushes the table.</summary>
    public void Finish()
    {
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
