using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Lodestone.Data;

namespace Lodestone.Datasets;

/// <summary>
/// Imports a CSV into a dataset's Parquet segments. Plain files go through <see cref="FastCsvImport"/>, which parses on
/// all cores, streams the rows into a Parquet segment and measures them on the way. Anything else, and any file the
/// fast path gives up on, takes the exact path: one pass of DuckDB's parallel CSV reader with explicit column types
/// parses, validates (rejected rows are collected with their line and column) and writes the segment. The result is then
/// sorted if needed, profiled and given its chart pyramid. Everything is written under the staging folder and moved into
/// place only when all of it succeeded, so a failed or cancelled import leaves no files behind. Thread-safe.
/// </summary>
public sealed partial class DatasetImporter(SampleDatabase database)
{
    private readonly LodestonePaths paths = database.Paths;

    public async Task<ImportResult> ImportAsync(string csvPath, string displayFileName, CsvMapping? mapping, Guid projectId, Guid datasetId,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var staging = Path.Combine(paths.Staging, $"import-{datasetId:N}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            return await Task.Run(() => Import(csvPath, displayFileName, mapping, staging, paths.DatasetFolder(projectId, datasetId), progress, cancellationToken), cancellationToken);
        }
        catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Removes a dataset's samples; false when there were none.</summary>
    public bool DeleteSamples(Guid projectId, Guid datasetId)
    {
        var folder = paths.DatasetFolder(projectId, datasetId);
        if (!Directory.Exists(folder)) return false;
        // Rename first, so that a reader never sees half a folder.
        var doomed = Path.Combine(paths.Staging, $"delete-{datasetId:N}-{Guid.NewGuid():N}");
        Directory.Move(folder, doomed);
        Directory.Delete(doomed, recursive: true);
        return true;
    }

    private ImportResult Import(string csvPath, string fileName, CsvMapping? mapping, string staging, string finalFolder,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var total = new FileInfo(csvPath).Length;
        var reached = 0.0;
        void Report(ImportStage stage, double stageFraction)
        {
            var (from, to) = stage switch
            {
                ImportStage.Checking => (0.0, 0.1),
                ImportStage.Converting => (0.1, 0.8),
                ImportStage.Sorting => (0.85, 0.9),
                ImportStage.Profiling => (0.8, 0.9),
                ImportStage.Indexing => (0.9, 1.0),
                _ => (1.0, 1.0),
            };
            // Never backwards, also when the fast path hands over to the exact one.
            var fraction = reached = Math.Max(reached, from + (to - from) * Math.Clamp(stageFraction, 0, 1));
            progress?.Report(new ImportProgress(stage, (long)(total * fraction), total, fraction));
        }

        CsvInspection inspection;
        CsvMapping map;
        ImportPlan plan;
        try
        {
            inspection = CsvInspector.Inspect(csvPath, fileName, database.Options.MaxCsvColumns);
            map = mapping is null ? inspection.Mapping : mapping with { Separator = mapping.Separator ?? inspection.Separator };
            if (mapping is not null && inspection.Schema == DatasetSchema.Magnetometer && mapping.Schema == DatasetSchema.Generic
                && mapping.Channels is null)
                map = map with { Schema = DatasetSchema.Magnetometer };
            plan = ImportPlan.Create(map, inspection.Columns, inspection, fileName);
        }
        catch (ImportException)
        {
            // A file that is empty or not UTF-8 is reported as such, before what its first lines made of it.
            CsvPreflight.Scan(csvPath, fileName, null, cancellationToken);
            throw;
        }
        var columns = inspection.Columns;
        var sealer = new DatasetSealer(database);

        using var connection = database.Connect();
        var manifest = new DatasetManifest(map.Schema, plan.Channels, 0, 0, 0, []);
        if (database.Options.FastCsvImport && FastCsvImport.LayoutFor(map, plan, columns, manifest.HasFieldVector) is { } layout)
        {
            Report(ImportStage.Checking, 0);
            var fast = new FastCsvImport(database, layout, plan.Channels)
                .Run(csvPath, staging, buildTiles: true, f => Report(ImportStage.Converting, f), cancellationToken);
            if (fast is not null)
            {
                using (fast.Tiles)
                {
                    var measuredWhileReading = fast.OutOfOrder == 0 && fast.StepsKnown && fast.Rows >= database.Options.PyramidThresholdRows;
                    // Unused tiles go now: their part files must not be moved into the dataset folder.
                    if (!measuredWhileReading) fast.Tiles?.Dispose();
                    var sealedFast = measuredWhileReading
                        ? sealer.SealMeasured(connection, staging, finalFolder, map.Schema, plan.Channels, fast, Report)
                        : sealer.Seal(connection, staging, finalFolder, map.Schema, plan.Channels, fileName, Report, cancellationToken);
                    Report(ImportStage.Done, 1);
                    return MarkTruth(sealedFast, map) with { FastPath = true };
                }
            }
        }

        // The exact path: DuckDB's reader names the line and column of every error.
        CsvPreflight.Scan(csvPath, fileName, done => Report(ImportStage.Checking, (double)done / total), cancellationToken);
        var raw = Path.Combine(staging, DatasetSealer.RawFile);
        var sql = $"""
            COPY (SELECT {plan.Select} FROM read_csv({SqlText.Literal(csvPath)}, header = true, delim = {SqlText.Literal(map.Separator!.Value.ToString())},
                quote = '"', escape = '"', auto_detect = false, strict_mode = true, null_padding = false, columns = {plan.Columns}{plan.Options},
                store_rejects = true, rejects_limit = 100))
            TO {SqlText.Literal(raw)} ({database.Options.SegmentCopyOptions})
            """;
        Report(ImportStage.Converting, 0);
        RunWithProgress(connection, sql, f => Report(ImportStage.Converting, f), cancellationToken);
        ThrowFirstReject(connection, fileName, columns);
        cancellationToken.ThrowIfCancellationRequested();

        var result = sealer.Seal(connection, staging, finalFolder, map.Schema, plan.Channels, fileName, Report, cancellationToken);
        Report(ImportStage.Done, 1);
        return MarkTruth(result, map);
    }

    /// <summary>The mapping's truth channels are marked in the profile the dataset row keeps (the samples are stored alike).</summary>
    private static ImportResult MarkTruth(ImportResult result, CsvMapping map)
    {
        if (map.TruthChannels is not { Count: > 0 } truth) return result;
        var channels = result.Profile.Channels
            .Select(c => !c.Derived && truth.Contains(c.Name, StringComparer.OrdinalIgnoreCase) ? c with { Truth = true } : c).ToList();
        return result with { Profile = result.Profile with { Channels = channels } };
    }

    private static void RunWithProgress(DuckDBConnection connection, string sql, Action<double> report, CancellationToken cancellationToken)
    {
        SampleDatabase.Execute(connection, "SET enable_progress_bar = true");
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var cancel = cancellationToken.Register(command.Cancel);
        using var done = new ManualResetEventSlim();
        var poller = Task.Run(() =>
        {
            while (!done.Wait(200))
            {
                var percentage = connection.GetQueryProgress().Percentage;
                if (percentage >= 0) report(percentage / 100);
            }
        }, CancellationToken.None);
        try
        {
            command.ExecuteNonQuery();
        }
        finally
        {
            done.Set();
            poller.Wait(CancellationToken.None);
            SampleDatabase.Execute(connection, "SET enable_progress_bar = false");
        }
        report(1);
    }

    private static void ThrowFirstReject(DuckDBConnection connection, string fileName, IReadOnlyList<string> columns)
    {
        using var reader = DatasetSealer.Query(connection,
            "SELECT line, column_idx, column_name, error_type, error_message, (SELECT count(*) FROM reject_errors) FROM reject_errors ORDER BY line, column_idx LIMIT 1");
        if (!reader.Read()) return;
        var line = reader.GetInt64(0);
        var columnIndex = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        var column = reader.IsDBNull(2) ? null : reader.GetString(2);
        var type = reader.GetString(3);
        var message = reader.GetString(4);
        var count = reader.GetInt64(5);
        var more = count > 1 ? $" ({count}{(count >= 100 ? "+" : "")} rows have errors; this is the first.)" : "";
        var problem = type switch
        {
            "CAST" => CastProblem(message),
            "TOO MANY COLUMNS" => $"The row has more fields than the header's {columns.Count}.",
            "MISSING COLUMNS" => $"The row has fewer fields than the header's {columns.Count}.",
            "UNQUOTED VALUE" or "UNTERMINATED QUOTE" => "A quote is not closed or a value is badly quoted.",
            "INVALID UNICODE" => "The line is not valid UTF-8; save the file as UTF-8.",
            _ => message,
        };
        throw new ImportException(fileName, line, column, problem + more);
    }

    private static string CastProblem(string duckMessage)
    {
        var match = CastPattern().Match(duckMessage);
        if (!match.Success) return duckMessage;
        var value = match.Groups[1].Value;
        return match.Groups[2].Value switch
        {
            "DOUBLE" => $"'{value}' is not a number.",
            "BIGINT" => $"'{value}' is not a whole number of microseconds.",
            _ => $"'{value}' is not a timestamp in the expected format.",
        };
    }

    [GeneratedRegex("""Could not convert string "(.*)" to '([A-Z ]+)'""")]
    private static partial Regex CastPattern();

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
