using System.Globalization;
using DuckDB.NET.Data;

namespace Lodestone.Datasets;

/// <summary>
/// Turns a staged raw segment (ts, sensor_id, channels in input order) into a finished dataset folder: sorted by time,
/// duplicates counted, profiled, with its chart pyramid and manifest, then moved into place in one rename.
/// Shared by CSV imports and cuts from sensor readings.
/// </summary>
internal sealed class DatasetSealer(SampleDatabase database)
{
    public const string RawFile = "raw.parquet";
    public const string SegmentFile = "segment-0000.parquet";

    public ImportResult Seal(DuckDBConnection connection, string stagingFolder, string finalFolder, DatasetSchema schema,
        IReadOnlyList<ManifestChannel> channels, string fileName, Action<ImportStage, double>? progress, CancellationToken cancellationToken)
    {
        var raw = Path.Combine(stagingFolder, RawFile);
        var segment = Path.Combine(stagingFolder, SegmentFile);
        var notes = new List<string>();

        // Rows keep the file's order in raw (insertion order is preserved), so row r came from data line r + 2.
        using (var reader = Query(connection, $"""
            SELECT count(*), count(*) FILTER (WHERE ts IS NULL), min(r) FILTER (WHERE ts IS NULL), count(*) FILTER (WHERE ts < p)
            FROM (SELECT ts, file_row_number AS r, lag(ts) OVER () AS p FROM read_parquet({SqlText.Literal(raw)}, file_row_number = true))
            """))
        {
            reader.Read();
            if (reader.GetInt64(0) == 0) throw new ImportException(fileName, null, null, "The file has no data rows.");
            if (reader.GetInt64(1) > 0)
                throw new ImportException(fileName, reader.GetInt64(2) + 2, null, $"The timestamp is missing ({reader.GetInt64(1)} rows have none).");
            var outOfOrder = reader.GetInt64(3);
            if (outOfOrder > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(ImportStage.Sorting, 0);
                SampleDatabase.Execute(connection, $"""
                    COPY (SELECT * FROM read_parquet({SqlText.Literal(raw)}) ORDER BY ts, sensor_id)
                    TO {SqlText.Literal(segment)} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL {database.Options.CompressionLevel})
                    """);
                File.Delete(raw);
                notes.Add($"The timestamps were not in order ({outOfOrder.ToString("N0", CultureInfo.InvariantCulture)} steps went back in time); the samples were sorted by time.");
            }
            else File.Move(raw, segment);
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Invoke(ImportStage.Profiling, 0);
            var duplicates = CountDuplicates(connection, segment, out var examples);
            if (duplicates > 0)
                notes.Add($"{duplicates.ToString("N0", CultureInfo.InvariantCulture)} samples repeat the timestamp of the sample before them for the same sensor (first at {examples[0]:O}); they were kept.");

            var manifest = new DatasetManifest(schema, channels, 0, 0, 0, []);
            var profile = DatasetProfiler.Profile(connection, stagingFolder, manifest);
            var origin = profile.StartTime is { } start ? SqlText.ToMicros(start) : 0;
            manifest = manifest with
            {
                Rows = profile.RowCount, OriginMicros = origin, EndMicros = profile.EndTime is { } end ? SqlText.ToMicros(end) : origin,
            };
            if (profile.RowCount >= database.Options.PyramidThresholdRows)
            {
                progress?.Invoke(ImportStage.Profiling, 0.5);
                manifest = manifest with { Levels = SamplePyramid.Build(connection, stagingFolder, manifest, MedianStepMicros(profile)) };
            }
            manifest.Save(stagingFolder);
            profile = profile with { SizeBytes = FolderSize(stagingFolder) };

            Directory.CreateDirectory(Path.GetDirectoryName(finalFolder)!);
            if (Directory.Exists(finalFolder)) throw new InvalidOperationException($"The dataset folder {finalFolder} exists already.");
            Directory.Move(stagingFolder, finalFolder);
            return new ImportResult(profile, schema, outOfOrder > 0, duplicates, examples, notes);
        }
    }

    private static long CountDuplicates(DuckDBConnection connection, string segment, out IReadOnlyList<DateTime> examples)
    {
        // Sorted by (ts, sensor_id), a repeated timestamp of one sensor sits right after the sample it repeats.
        var rows = new List<DateTime>();
        long count = 0;
        const string Dup = "(ts = lag(ts) OVER () AND sensor_id = lag(sensor_id) OVER ())";
        var source = $"read_parquet({SqlText.Literal(segment)})";
        count = SampleDatabase.Scalar<long>(connection, $"SELECT count(*) FILTER (WHERE d) FROM (SELECT {Dup} AS d FROM {source})");
        if (count > 0)
        {
            using var reader = Query(connection, $"SELECT ts FROM (SELECT ts, {Dup} AS d FROM {source}) WHERE d ORDER BY ts LIMIT 5");
            while (reader.Read()) rows.Add(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
        }
        examples = rows;
        return count;
    }

    private static long MedianStepMicros(DatasetProfile profile) =>
        profile.SamplingRateHz is > 0 and var rate ? Math.Max(1, (long)Math.Round(1e6 / rate)) : 1_000_000;

    internal static long FolderSize(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    internal static DuckDBDataReader Query(DuckDBConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteReader();
    }
}
