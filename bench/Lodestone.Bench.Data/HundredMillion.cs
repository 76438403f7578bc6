using System.Diagnostics;
using Lodestone.Datasets;

namespace Lodestone.Bench.Data;

/// <summary>
/// Writes a magnetometer dataset of N rows (100 Hz) as Parquet straight from DuckDB, then seals it exactly like an import
/// (order and duplicate checks, profile, pyramid), so chart queries can be timed at a size whose CSV would not fit the bench.
/// With several sensors, row i belongs to sensor i mod N, and each sensor reads every 10 ms at its own level (+200 nT each).
/// </summary>
internal static class HundredMillion
{
    public static (Guid ProjectId, Guid DatasetId, double Seconds) Build(SampleDatabase database, long rows, int sensors = 1)
    {
        var projectId = Guid.NewGuid();
        var datasetId = Guid.NewGuid();
        var staging = Path.Combine(database.Paths.Staging, $"bench-{datasetId:N}");
        Directory.CreateDirectory(staging);
        var watch = Stopwatch.StartNew();
        using var connection = database.Connect();
        var start = (new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;
        SampleDatabase.Execute(connection, $"""
            COPY (SELECT make_timestamp({start} + (i // {sensors}) * 10000) AS ts, {(sensors == 1 ? "'mag-01'" : $"'mag-0' || (i % {sensors})")} AS sensor_id,
                    round(19500 + 200 * (i % {sensors}) + 30 * sin(i / 3.6e6 * pi()) + (random() - 0.5) * 5 + CASE WHEN i % 7919993 = 0 THEN 2000 ELSE 0 END, 3)::DOUBLE AS b_x,
                    round(1200 + (random() - 0.5) * 5, 3)::DOUBLE AS b_y,
                    round(45000 - 10 * sin(i / 3.6e6 * pi()) + (random() - 0.5) * 5, 3)::DOUBLE AS b_z,
                    52.370216::DOUBLE AS lat, 4.895168::DOUBLE AS lon, round(12.5 + (random() - 0.5) * 0.1, 2)::DOUBLE AS altitude,
                    round((random() - 0.5) * 0.02, 4)::DOUBLE AS thetax, round((random() - 0.5) * 0.02, 4)::DOUBLE AS thetay,
                    round(1.5708 + (random() - 0.5) * 0.02, 4)::DOUBLE AS thetaz
                  FROM range({rows}) r(i))
            TO '{Path.Combine(staging, "raw.parquet")}' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)
            """);
        var channels = CsvMapping.MagnetometerColumns.Skip(1).Take(9).Select(c => (c, c)).ToList();
        DatasetCuts.Seal(database, connection, staging, projectId, datasetId, DatasetSchema.Magnetometer, channels, "bench", CancellationToken.None);
        return (projectId, datasetId, watch.Elapsed.TotalSeconds);
    }
}
