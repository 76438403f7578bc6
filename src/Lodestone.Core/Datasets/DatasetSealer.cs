using System.Globalization;
using DuckDB.NET.Data;

namespace Lodestone.Datasets;

/// <summary>
/// Turns a staged raw segment (ts, sensor_id, channels in input order) into a finished dataset folder: sorted by time
/// if it was not, duplicates counted, profiled, with its chart pyramid and manifest, then moved into place in one rename.
/// Shared by CSV imports and cuts from sensor readings. Already-sorted input (the usual case) costs a time-axis pass over two
/// columns, the pyramid and one pass of channel sums; unsorted input one sort more.
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
        var manifest = new DatasetManifest(schema, channels, 0, 0, 0, []);

        progress?.Invoke(ImportStage.Profiling, 0);
        // Rows keep the file's order in raw (insertion order is preserved), so row r came from data line r + 2.
        var measured = DatasetProfiler.MeasureTime(connection, raw);
        if (measured.Rows == 0) throw new ImportException(fileName, null, null, "The file has no data rows.");
        if (measured.MissingTimes > 0)
            throw new ImportException(fileName, measured.FirstMissingRow + 2, null, $"The timestamp is missing ({measured.MissingTimes} rows have none).");
        cancellationToken.ThrowIfCancellationRequested();

        var (duplicates, step) = (measured.Duplicates, measured.MedianStepMicros);
        var sorted = measured.OutOfOrder > 0;
        if (sorted)
        {
            progress?.Invoke(ImportStage.Sorting, 0);
            SampleDatabase.Execute(connection, $"""
                COPY (SELECT * FROM read_parquet({SqlText.Literal(raw)}) ORDER BY ts, sensor_id)
                TO {SqlText.Literal(segment)} ({database.Options.SegmentCopyOptions})
                """);
            File.Delete(raw);
            var resorted = DatasetProfiler.MeasureTime(connection, segment);
            (duplicates, step) = (resorted.Duplicates, resorted.MedianStepMicros);
            notes.Add($"The timestamps were not in order ({measured.OutOfOrder.ToString("N0", CultureInfo.InvariantCulture)} steps went back in time); the samples were sorted by time.");
        }
        else File.Move(raw, segment);
        cancellationToken.ThrowIfCancellationRequested();

        var sensors = DatasetProfiler.Sensors(connection, segment);
        if (sensors.Count > 1) (duplicates, step) = DatasetProfiler.PerSensorSteps(connection, segment);
        var examples = duplicates > 0 ? DuplicateExamples(connection, segment) : [];
        if (duplicates > 0)
            notes.Add($"{duplicates.ToString("N0", CultureInfo.InvariantCulture)} samples repeat the timestamp of an earlier sample of the same sensor (first at {examples.FirstOrDefault():O}); they were kept.");

        var origin = measured.Start is { } start ? SqlText.ToMicros(start) : 0;
        manifest = manifest with
        {
            Rows = measured.Rows, OriginMicros = origin, EndMicros = measured.End is { } end ? SqlText.ToMicros(end) : origin,
        };
        if (measured.Rows >= database.Options.PyramidThresholdRows)
        {
            progress?.Invoke(ImportStage.Indexing, 0);
            var stepMicros = step is > 0 ? Math.Max(1, (long)Math.Round(step.Value)) : 1_000_000;
            manifest = manifest with { Levels = SamplePyramid.Build(connection, stagingFolder, manifest, stepMicros, database.Options.PyramidChunkRows) };
        }
        var level1 = manifest.Levels.Count > 0 ? Path.Combine(stagingFolder, "pyramid-1.parquet") : null;
        var channelProfiles = DatasetProfiler.MeasureChannels(connection, stagingFolder, manifest.AllChannels, measured.Rows, level1);
        cancellationToken.ThrowIfCancellationRequested();
        manifest.Save(stagingFolder);
        var profile = new DatasetProfile(measured.Rows, measured.Start, measured.End, step is > 0 ? 1e6 / step.Value : null,
            FolderSize(stagingFolder), channelProfiles, sensors);

        Directory.CreateDirectory(Path.GetDirectoryName(finalFolder)!);
        if (Directory.Exists(finalFolder)) throw new InvalidOperationException($"The dataset folder {finalFolder} exists already.");
        Directory.Move(stagingFolder, finalFolder);
        return new ImportResult(profile, schema, sorted, duplicates, examples, notes);
    }

    private static IReadOnlyList<DateTime> DuplicateExamples(DuckDBConnection connection, string segment)
    {
        var examples = new List<DateTime>();
        using var reader = Query(connection, $"""
            SELECT ts FROM read_parquet({SqlText.Literal(segment)}) GROUP BY sensor_id, ts HAVING count(*) > 1 ORDER BY ts LIMIT 5
            """);
        while (reader.Read()) examples.Add(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
        return examples;
    }

    internal static long FolderSize(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    internal static DuckDBDataReader Query(DuckDBConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteReader();
    }
}
