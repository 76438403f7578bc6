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
        var rawFile = Path.Combine(stagingFolder, RawFile);
        var raw = SqlText.Literal(rawFile);
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
                COPY (SELECT * FROM read_parquet({raw}) ORDER BY ts, sensor_id)
                TO {SqlText.Literal(segment)} ({database.Options.SegmentCopyOptions})
                """);
            File.Delete(rawFile);
            var resorted = DatasetProfiler.MeasureTime(connection, SqlText.Literal(segment));
            (duplicates, step) = (resorted.Duplicates, resorted.MedianStepMicros);
            notes.Add($"The timestamps were not in order ({measured.OutOfOrder.ToString("N0", CultureInfo.InvariantCulture)} steps went back in time); the samples were sorted by time.");
        }
        else File.Move(rawFile, segment);
        cancellationToken.ThrowIfCancellationRequested();

        var segments = DatasetProfiler.Segments(stagingFolder);
        var sensors = DatasetProfiler.Sensors(connection, segments);
        if (sensors.Count > 1) (duplicates, step) = DatasetProfiler.PerSensorSteps(connection, segments);
        var examples = duplicates > 0 ? DuplicateExamples(connection, segments) : [];
        if (duplicates > 0)
            notes.Add($"{duplicates.ToString("N0", CultureInfo.InvariantCulture)} samples repeat the timestamp of an earlier sample of the same sensor (first at {examples.FirstOrDefault():O}); they were kept.");

        var origin = measured.Start is { } start ? SqlText.ToMicros(start) : 0;
        manifest = manifest with
        {
            Rows = measured.Rows, OriginMicros = origin, EndMicros = measured.End is { } end ? SqlText.ToMicros(end) : origin,
            SensorPyramid = sensors.Count > 1,
        };
        if (measured.Rows >= database.Options.PyramidThresholdRows)
        {
            progress?.Invoke(ImportStage.Indexing, 0);
            var stepMicros = step is > 0 ? Math.Max(1, (long)Math.Round(step.Value)) : 1_000_000;
            manifest = manifest with { Levels = SamplePyramid.Build(connection, stagingFolder, manifest, stepMicros, database.Options.PyramidChunkRows) };
        }
        var level1 = manifest.Levels.Count > 0 ? Path.Combine(stagingFolder, "pyramid-1.parquet") : null;
        var channelProfiles = DatasetProfiler.MeasureChannels(connection, stagingFolder, manifest.AllChannels, measured.Rows, level1);
        manifest = manifest with { Sensors = sensors.Count > 1 ? DatasetProfiler.MeasureSensors(connection, stagingFolder, manifest.AllChannels) : [] };
        cancellationToken.ThrowIfCancellationRequested();
        var profile = new DatasetProfile(measured.Rows, measured.Start, measured.End, step is > 0 ? 1e6 / step.Value : null,
            0, channelProfiles, sensors);
        return Finish(stagingFolder, finalFolder, manifest, profile,
            new ImportResult(profile, schema, sorted, duplicates, examples, notes) { SegmentsReadBack = true });
    }

    /// <summary>
    /// Seals the parts of a fast import whose time axis and channel moments were measured while reading: time-sorted (any number
    /// of sensors), enough rows for a pyramid. Level 1 of the pyramid comes from its tiles when they were gathered.
    /// </summary>
    public ImportResult SealMeasured(DuckDBConnection connection, string stagingFolder, string finalFolder, DatasetSchema schema,
        IReadOnlyList<ManifestChannel> channels, FastCsvImport.Outcome measured, Action<ImportStage, double>? progress)
    {
        File.Move(measured.RawFile, Path.Combine(stagingFolder, SegmentFile));
        var notes = new List<string>();
        var duplicates = measured.Duplicates;
        var examples = duplicates > 0 ? DuplicateExamples(connection, DatasetProfiler.Segments(stagingFolder)) : [];
        if (duplicates > 0)
            notes.Add($"{duplicates.ToString("N0", CultureInfo.InvariantCulture)} samples repeat the timestamp of an earlier sample of the same sensor (first at {examples.FirstOrDefault():O}); they were kept.");
        var (origin, endMicros) = (SqlText.ToMicros(measured.Start), SqlText.ToMicros(measured.End));
        // Several sensors get per-sensor tiles and profiles, as the exact path gives them; the reader gathered both.
        var perSensor = measured.Sensors.Count > 1;
        var all = new DatasetManifest(schema, channels, 0, 0, 0, []).AllChannels;
        IReadOnlyList<SensorProfile> sensors = perSensor
            ? [.. measured.MomentsBySensor.Select(s => new SensorProfile(s.SensorId, s.Rows,
                [.. all.Select((c, i) => s.Channels[i].ToProfile(c.Name, s.Rows, c.Derived))]))]
            : [];
        var manifest = new DatasetManifest(schema, channels, measured.Rows, origin, endMicros, [], SensorPyramid: perSensor, Sensors: sensors);
        progress?.Invoke(ImportStage.Indexing, 0);
        var step = measured.MedianStepMicros;
        var stepMicros = step is > 0 ? Math.Max(1, (long)Math.Round(step.Value)) : 1_000_000;
        manifest = manifest with
        {
            Levels = measured.Tiles is { } tiles
                ? SamplePyramid.WriteLevels(connection, stagingFolder, manifest, tiles.TileMicros, tiles.Level1Sql, "")
                : SamplePyramid.Build(connection, stagingFolder, manifest, stepMicros, database.Options.PyramidChunkRows),
        };
        var channelProfiles = all.Select((c, i) => measured.Moments[i].ToProfile(c.Name, measured.Rows, c.Derived)).ToList();
        var profile = new DatasetProfile(measured.Rows, measured.Start, measured.End, step is > 0 ? 1e6 / step.Value : null,
            0, channelProfiles, measured.Sensors);
        return Finish(stagingFolder, finalFolder, manifest, profile,
            new ImportResult(profile, schema, false, duplicates, examples, notes) { SegmentsReadBack = measured.Tiles is null });
    }

    private static ImportResult Finish(string stagingFolder, string finalFolder, DatasetManifest manifest, DatasetProfile profile, ImportResult result)
    {
        manifest.Save(stagingFolder);
        result = result with { Profile = profile with { SizeBytes = FolderSize(stagingFolder) } };
        Directory.CreateDirectory(Path.GetDirectoryName(finalFolder)!);
        if (Directory.Exists(finalFolder)) throw new InvalidOperationException($"The dataset folder {finalFolder} exists already.");
        Directory.Move(stagingFolder, finalFolder);
        return result;
    }

    private static IReadOnlyList<DateTime> DuplicateExamples(DuckDBConnection connection, string segments)
    {
        var examples = new List<DateTime>();
        using var reader = Query(connection, $"""
            SELECT ts FROM read_parquet({segments}) GROUP BY sensor_id, ts HAVING count(*) > 1 ORDER BY ts LIMIT 5
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
