using System.Data.Common;
using System.Globalization;
using System.Text;
using Lodestone.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// Writes and reads metrics. Every write is a batch (a single metric is a batch of one): one transaction with a
/// multi-row <c>INSERT … ON CONFLICT DO UPDATE</c> into the history and one into the latest-value projection, which
/// SQLite and PostgreSQL both accept. Rows are sorted by key and step so that concurrent batches on PostgreSQL take
/// row locks in the same order and cannot deadlock.
/// </summary>
public sealed class MetricStore(LodestoneDb db, RunEvents events)
{
    /// <summary>Rows per statement: 5 parameters each stays far below SQLite's and PostgreSQL's parameter limits.</summary>
    private const int RowsPerStatement = 1000;

    // SQLite has one writer at a time; queueing writers here is cheaper than letting them spin on SQLITE_BUSY.
    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);

    public Task LogAsync(Guid runId, Guid projectId, MetricValue metric, CancellationToken cancellationToken = default) =>
        LogBatchAsync(runId, projectId, [metric], cancellationToken);

    /// <summary>Upserts the metrics of one run; a repeated (key, step) keeps the last value given.</summary>
    public async Task LogBatchAsync(Guid runId, Guid projectId, IReadOnlyCollection<MetricValue> metrics, CancellationToken cancellationToken = default)
    {
        if (metrics.Count == 0) return;
        foreach (var m in metrics)
            if (string.IsNullOrWhiteSpace(m.Key) || m.Key.Length > MetricValue.MaxKeyLength)
                throw new InvalidInputException($"A metric key has 1 to {MetricValue.MaxKeyLength} characters.");

        var points = new Dictionary<(string, long), MetricValue>();
        foreach (var m in metrics) points[(m.Key, m.Step)] = m;
        var rows = points.Values.OrderBy(m => m.Key, StringComparer.Ordinal).ThenBy(m => m.Step).ToList();
        var latest = rows.GroupBy(m => m.Key)
            .Select(g => g.OrderByDescending(m => m.Step).ThenByDescending(m => m.Timestamp).First())
            .ToList();

        var sqlite = db.Database.IsSqlite();
        if (sqlite) await SqliteWriter.WaitAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                var connection = db.Database.GetDbConnection();
                if (sqlite) await SqliteDurabilityAsync(connection, cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var run = sqlite ? (object)runId.ToString().ToUpperInvariant() : runId;
                for (var i = 0; i < rows.Count; i += RowsPerStatement)
                    await UpsertAsync(connection, transaction, run, rows.Skip(i).Take(RowsPerStatement).ToList(), HistorySql, cancellationToken);
                for (var i = 0; i < latest.Count; i += RowsPerStatement)
                    await UpsertAsync(connection, transaction, run, latest.Skip(i).Take(RowsPerStatement).ToList(), LatestSql, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        finally
        {
            if (sqlite) SqliteWriter.Release();
        }
        await events.PublishAsync(new RunEvent(runId, projectId, RunEventKind.Metrics) { Metrics = rows });
    }

    /// <summary>
    /// In WAL mode, synchronous=NORMAL syncs the log at checkpoints instead of at every commit: a committed batch
    /// survives a crash of the process (what a killed worker needs), and only an OS crash or power loss can lose the
    /// last commits. Without it every metric request waits for an fsync. The pragma is per connection; pooled
    /// connections keep it, and setting it again costs microseconds.
    /// </summary>
    private static async Task SqliteDurabilityAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string HistorySql =
        """INSERT INTO "Metrics" ("RunId", "Key", "Step", "Value", "Timestamp") VALUES {0} """ +
        """ON CONFLICT ("RunId", "Key", "Step") DO UPDATE SET "Value" = excluded."Value", "Timestamp" = excluded."Timestamp";""";

    // The projection moves only forward: a late write of an older step leaves the newest value in place.
    private const string LatestSql =
        """INSERT INTO "LatestMetrics" ("RunId", "Key", "Step", "Value", "Timestamp") VALUES {0} """ +
        """ON CONFLICT ("RunId", "Key") DO UPDATE SET "Step" = excluded."Step", "Value" = excluded."Value", "Timestamp" = excluded."Timestamp" """ +
        """WHERE excluded."Step" > "LatestMetrics"."Step" OR (excluded."Step" = "LatestMetrics"."Step" AND excluded."Timestamp" >= "LatestMetrics"."Timestamp");""";

    // Numbers go into the statement as invariant literals and only keys and infinities as parameters: providers bind
    // parameters by name, which costs O(n²) on thousands of them, while a literal costs nothing to bind.
    private static async Task UpsertAsync(DbConnection connection, DbTransaction transaction, object runId,
        IReadOnlyList<MetricValue> rows, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var values = new StringBuilder(rows.Count * 48);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(command, "@r", runId);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (!keys.TryGetValue(row.Key, out var key))
            {
                key = $"@k{keys.Count}";
                keys[row.Key] = key;
                Add(command, key, row.Key);
            }
            if (i > 0) values.Append(',');
            values.Append("(@r,").Append(key).Append(',').Append(row.Step.ToString(CultureInfo.InvariantCulture)).Append(',');
            if (double.IsNaN(row.Value)) values.Append("NULL");
            else if (double.IsFinite(row.Value)) values.Append(row.Value.ToString("R", CultureInfo.InvariantCulture));
            else
            {
                values.Append("@v").Append(i);
                Add(command, $"@v{i}", row.Value);
            }
            values.Append(',').Append(row.Timestamp.ToString(CultureInfo.InvariantCulture)).Append(')');
        }
        command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Every value of one metric of a run, by step.</summary>
    public Task<List<Metric>> HistoryAsync(Guid runId, string key, CancellationToken cancellationToken = default) =>
        db.Set<Metric>().AsNoTracking().Where(m => m.RunId == runId && m.Key == key).OrderBy(m => m.Step).ToListAsync(cancellationToken);

    /// <summary>Every metric of a run, by key then step.</summary>
    public Task<List<Metric>> AllAsync(Guid runId, CancellationToken cancellationToken = default) =>
        db.Set<Metric>().AsNoTracking().Where(m => m.RunId == runId).OrderBy(m => m.Key).ThenBy(m => m.Step).ToListAsync(cancellationToken);

    /// <summary>The latest value of each metric of the given runs.</summary>
    public async Task<Dictionary<Guid, Dictionary<string, LatestMetric>>> LatestAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<LatestMetric>().AsNoTracking().Where(m => runIds.Contains(m.RunId)).ToListAsync(cancellationToken);
        return rows.GroupBy(m => m.RunId).ToDictionary(g => g.Key, g => g.ToDictionary(m => m.Key));
    }
}
