using System.Collections.Concurrent;
using DuckDB.NET.Data;
using Lodestone.Datasets;

namespace Lodestone.Sensors;

/// <summary>
/// Readings pushed by sensors. A batch is validated, appended to the project's staging log and flushed to disk before
/// <see cref="Append"/> returns; staged readings are sealed into a Parquet segment (long form: ts, sensor_id, channel,
/// value, sorted by sensor and time) once there are <see cref="ReadingStoreOptions.SealAfterReadings"/> of them or the
/// oldest waited <see cref="ReadingStoreOptions.SealAfter"/>. Queries see sealed and staged readings alike. A time range of
/// one sensor can be cut into a new dataset. Thread-safe; register as a singleton.
/// </summary>
public sealed class ReadingStore : IDisposable
{
    private readonly SampleDatabase database;
    private readonly ReadingStoreOptions options;
    private readonly ConcurrentDictionary<Guid, ReadingLog> logs = new();
    private readonly Timer? timer;

    public ReadingStore(SampleDatabase database, ReadingStoreOptions? options = null)
    {
        this.database = database;
        this.options = options ?? new ReadingStoreOptions();
        if (this.options.CheckEvery > TimeSpan.Zero)
            timer = new Timer(_ => SealDueFromTimer(), null, this.options.CheckEvery, this.options.CheckEvery);
    }

    public int Append(Guid projectId, Reading reading) => Append(projectId, [reading]);

    /// <summary>Stores the batch durably, or nothing of it when a reading is invalid (<see cref="ReadingValidationException"/>).</summary>
    public int Append(Guid projectId, IReadOnlyList<Reading> readings)
    {
        var valid = ReadingValidator.Validate(readings, options.MaxBatch, DateTime.UtcNow);
        var log = Log(projectId);
        lock (log)
        {
            log.Append(valid);
            if (log.Staged.Count >= options.SealAfterReadings) TrySeal(log);
        }
        return valid.Count;
    }

    /// <summary>A sensor's readings in [from, to), oldest first, sealed and staged together.</summary>
    public IReadOnlyList<Reading> Query(Guid projectId, string sensorId, DateTime from, DateTime to)
    {
        var log = Log(projectId);
        List<Reading> staged;
        lock (log) staged = log.Staged.Where(r => r.SensorId == sensorId && r.Timestamp >= from && r.Timestamp < to).ToList();
        var result = new List<Reading>();
        var glob = Segments(projectId);
        if (glob is not null)
        {
            using var connection = database.Connect();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT ts, channel, value FROM read_parquet({glob})
                WHERE sensor_id = $sensor AND ts >= make_timestamp($from) AND ts < make_timestamp($to) ORDER BY ts, channel
                """;
            command.Parameters.Add(new DuckDBParameter("sensor", sensorId));
            command.Parameters.Add(new DuckDBParameter("from", SqlText.ToMicros(from)));
            command.Parameters.Add(new DuckDBParameter("to", SqlText.ToMicros(to)));
            using var reader = command.ExecuteReader();
            Dictionary<string, double>? values = null;
            var current = DateTime.MinValue;
            while (reader.Read())
            {
                var ts = DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc);
                if (values is null || ts != current)
                {
                    values = [];
                    current = ts;
                    result.Add(new Reading(sensorId, ts, values));
                }
                values[reader.GetString(1)] = reader.GetDouble(2);
            }
        }
        result.AddRange(staged);
        return result.OrderBy(r => r.Timestamp).ToList();
    }

    /// <summary>Seals every project whose oldest staged reading waited longer than <see cref="ReadingStoreOptions.SealAfter"/>.</summary>
    public void SealDue()
    {
        foreach (var log in logs.Values)
            lock (log)
                if (log.OldestArrival is { } oldest && DateTime.UtcNow - oldest >= options.SealAfter) TrySeal(log);
    }

    /// <summary>The last sealing failure (disk full, …), or null; staged readings stay in their log and sealing is retried.</summary>
    public Exception? LastSealError { get; private set; }

    // The batch is already durable in the log when sealing runs, so a failed seal must not fail the append:
    // the sender would retry and store the readings twice. The readings stay staged and the next trigger retries.
    private void TrySeal(ReadingLog log)
    {
        try
        {
            Seal(log);
            LastSealError = null;
        }
        catch (Exception error) when (error is IOException or DuckDB.NET.Data.DuckDBException)
        {
            LastSealError = error;
        }
    }

    // An exception escaping a timer callback would end the process; keep it for LastSealError instead.
    private void SealDueFromTimer()
    {
        try { SealDue(); }
        catch (Exception error) { LastSealError = error; }
    }

    public void Seal(Guid projectId)
    {
        var log = Log(projectId);
        lock (log) Seal(log);
    }

    /// <summary>
    /// Copies one sensor's readings in [from, to) into a new dataset (one column per channel; magnetometer data when it has
    /// b_x, b_y and b_z) and returns what was stored. Staged readings are sealed first, so the cut sees all of them.
    /// </summary>
    public async Task<ImportResult> CutDatasetAsync(Guid projectId, string sensorId, DateTime from, DateTime to, Guid datasetId,
        CancellationToken cancellationToken = default)
    {
        Seal(projectId);
        var glob = Segments(projectId) ?? throw new InvalidOperationException($"The project has no readings of sensor '{sensorId}'.");
        var staging = Path.Combine(database.Paths.Staging, $"cut-{datasetId:N}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            return await Task.Run(() =>
            {
                using var connection = database.Connect();
                var where = $"sensor_id = {SqlText.Literal(sensorId)} AND ts >= make_timestamp({SqlText.ToMicros(from)}::BIGINT) AND ts < make_timestamp({SqlText.ToMicros(to)}::BIGINT)";
                var names = new List<string>();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = $"SELECT DISTINCT channel FROM read_parquet({glob}) WHERE {where} ORDER BY 1";
                    using var reader = command.ExecuteReader();
                    while (reader.Read()) names.Add(reader.GetString(0));
                }
                if (names.Count == 0) throw new InvalidOperationException($"Sensor '{sensorId}' has no readings between {from:O} and {to:O}.");
                var channels = ChannelNaming(names);
                var pivot = string.Join(", ", channels.Select(c => $"first(value) FILTER (WHERE channel = {SqlText.Literal(c.Name)}) AS \"{c.Column}\""));
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = $"""
                        COPY (SELECT ts, sensor_id, {pivot} FROM read_parquet({glob}) WHERE {where} GROUP BY ts, sensor_id ORDER BY ts)
                        TO {SqlText.Literal(Path.Combine(staging, "raw.parquet"))} ({database.Options.SegmentCopyOptions})
                        """;
                    command.ExecuteNonQuery();
                }
                var schema = new[] { "b_x", "b_y", "b_z" }.All(names.Contains) ? DatasetSchema.Magnetometer : DatasetSchema.Generic;
                return DatasetCuts.Seal(database, connection, staging, projectId, datasetId, schema, channels, $"readings of {sensorId}", cancellationToken);
            }, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private void Seal(ReadingLog log)
    {
        if (log.Staged.Count == 0) return;
        var target = log.SegmentPath(log.Generation);
        var writing = Path.Combine(Path.GetDirectoryName(target)!, $"writing-{log.Generation:D8}.tmp");
        using (var connection = database.Connect())
        {
            SampleDatabase.Execute(connection, "CREATE TEMP TABLE staged (ts TIMESTAMP, sensor_id VARCHAR, channel VARCHAR, value DOUBLE)");
            using (var appender = connection.CreateAppender("staged"))
                foreach (var reading in log.Staged)
                    foreach (var (channel, value) in reading.Values)
                        appender.CreateRow().AppendValue(reading.Timestamp).AppendValue(reading.SensorId).AppendValue(channel).AppendValue(value).EndRow();
            SampleDatabase.Execute(connection, $"COPY (SELECT * FROM staged ORDER BY sensor_id, ts) TO {SqlText.Literal(writing)} (FORMAT parquet, COMPRESSION zstd)");
        }
        // The rename is the commit point: from here on the segment holds these readings and the log may go.
        File.Move(writing, target);
        log.Sealed();
    }

    private ReadingLog Log(Guid projectId) =>
        logs.GetOrAdd(projectId, id => new ReadingLog(Path.Combine(database.Paths.Readings, id.ToString("N"))));

    private string? Segments(Guid projectId)
    {
        var folder = Path.Combine(database.Paths.Readings, projectId.ToString("N"));
        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "segment-*.parquet").Any()
            ? SqlText.Literal(Path.Combine(folder, "segment-*.parquet"))
            : null;
    }

    private static IReadOnlyList<(string Name, string Column)> ChannelNaming(IReadOnlyList<string> names) =>
        names.Zip(DatasetCuts.SafeNames(names), (n, c) => (n, c)).ToList();

    public void Dispose()
    {
        timer?.Dispose();
        foreach (var log in logs.Values)
            lock (log) log.Dispose();
    }
}
