using DuckDB.NET.Data;

namespace Lodestone.Datasets;

/// <summary>
/// A multi-resolution min/max summary written at import, so that a chart over a wide range reads thousands of tiles
/// instead of millions of rows. Level 1 tiles span 32 typical sampling steps, each next level 16 times more, until a level
/// has few enough tiles. Each tile holds the row count, min and max of every channel (|B| included) and, for field
/// data, the first (b_x, b_y, b_z) vector in it, which the 3D view samples. With several sensors
/// (<see cref="DatasetManifest.SensorPyramid"/>) each tile is per sensor, keyed by a column <c>s</c>, so that each sensor's
/// chart comes from its own extremes; the overall min/max over a tile's sensors is still one GROUP BY away.
/// </summary>
internal static class SamplePyramid
{
    public const int Factor = 16;
    private const long SmallEnough = 4_000;


    public static IReadOnlyList<PyramidLevel> Build(DuckDBConnection connection, string folder, DatasetManifest manifest, long stepMicros, long chunkRows)
    {
        var channels = manifest.AllChannels;
        var tile = stepMicros * 32;
        // One arg_min over the vector keeps its three components from the same sample.
        var firstVector = manifest.HasFieldVector ? ", arg_min([b_x, b_y, b_z], ts) AS f" : "";
        var select = string.Join(", ", channels.Select((c, i) => $"min({c.Expression}) AS lo_{i}, max({c.Expression}) AS hi_{i}"));
        var source = $"read_parquet({DatasetProfiler.Segments(folder)})";
        var (sensor, andSensor) = manifest.SensorPyramid ? ("sensor_id AS s, ", ", s") : ("", "");
        string Tiles(string where) =>
            $"SELECT {sensor}(epoch_us(ts) - {manifest.OriginMicros}) // {tile} AS k, count(*) AS n, {select}{firstVector} FROM {source}{where} GROUP BY k{andSensor}";
        var sql = Tiles("");
        // Level 1 is aggregated in time chunks (see SampleStoreOptions.PyramidChunkRows), split evenly at tile boundaries;
        // the segment is sorted by time, so each chunk's filter reads only its own row groups.
        var chunks = Math.Max(1, (manifest.Rows + chunkRows - 1) / chunkRows);
        var chunkTiles = ((manifest.EndMicros - manifest.OriginMicros) / tile + chunks) / chunks;
        if (chunks > 1)
        {
            var parts = new List<string>();
            for (var chunk = 0L; chunk < chunks; chunk++)
            {
                var (from, to) = (manifest.OriginMicros + chunk * chunkTiles * tile, manifest.OriginMicros + (chunk + 1) * chunkTiles * tile);
                var part = Path.Combine(folder, $"pyramid-1-part-{chunk}.parquet");
                SampleDatabase.Execute(connection, $"""
                    COPY ({Tiles($" WHERE ts >= make_timestamp({from}) AND ts < make_timestamp({to})")} ORDER BY k{andSensor})
                    TO {SqlText.Literal(part)} (FORMAT parquet, COMPRESSION uncompressed)
                    """);
                parts.Add(SqlText.Literal(part));
            }
            sql = $"SELECT * FROM read_parquet([{string.Join(", ", parts)}])";
        }
        // Sorting a whole level with its list column costs seconds and hundreds of MB; the parts are sorted already and
        // are read in list order (insertion order is preserved), so level 1 from parts needs no sort.
        return WriteLevels(connection, folder, manifest, tile, sql, chunks > 1 ? "" : $" ORDER BY k{andSensor}");
    }

    /// <summary>
    /// Writes level 1 from <paramref name="level1Sql"/> (columns k, n, lo_i, hi_i…, f in tile order when
    /// <paramref name="order"/> is empty) and the levels above it.
    /// </summary>
    public static IReadOnlyList<PyramidLevel> WriteLevels(DuckDBConnection connection, string folder, DatasetManifest manifest, long tile,
        string level1Sql, string order)
    {
        var channels = manifest.AllChannels;
        var levels = new List<PyramidLevel>();
        var sql = level1Sql;
        for (var level = 1; ; level++)
        {
            var file = Path.Combine(folder, $"pyramid-{level}.parquet");
            SampleDatabase.Execute(connection, $"""
                COPY (SELECT make_timestamp({manifest.OriginMicros} + k * {tile}) AS t, * FROM ({sql}){order})
                TO {SqlText.Literal(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 65536)
                """);
            var tiles = SampleDatabase.Scalar<long>(connection, $"SELECT count(*) FROM read_parquet({SqlText.Literal(file)})");
            levels.Add(new PyramidLevel(level, tile, tiles));
            foreach (var part in Directory.EnumerateFiles(folder, "pyramid-1-part-*.parquet")) File.Delete(part);
            if (tiles <= SmallEnough) break;
            // The next level merges Factor tiles of this one.
            var merge = string.Join(", ", channels.Select((_, i) => $"min(lo_{i}) AS lo_{i}, max(hi_{i}) AS hi_{i}"));
            var mergeVector = manifest.HasFieldVector ? ", arg_min(f, t) AS f" : "";
            var sensor = manifest.SensorPyramid ? "s, " : "";
            sql = $"SELECT {sensor}k // {Factor} AS k, sum(n)::BIGINT AS n, {merge}{mergeVector} FROM read_parquet({SqlText.Literal(file)}) GROUP BY ALL";
            tile *= Factor;
            order = manifest.SensorPyramid ? " ORDER BY k, s" : " ORDER BY k";
        }
        return levels;
    }
}
