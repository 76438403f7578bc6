using System.Data.Common;
using System.Globalization;
using System.Text;
using Lodestone.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// Writes metrics of one or several runs in one transaction: a multi-row <c>INSERT … ON CONFLICT DO UPDATE</c> into the
/// history and one into the latest-value projection, which SQLite and PostgreSQL both accept. A repeated (run, key, step)
/// keeps the last value given within a batch and, across writes, MLflow's choice (later timestamp, then larger value). Rows are sorted by run, key and step so that concurrent transactions on PostgreSQL take
/// row locks in the same order and cannot deadlock.
/// </summary>
internal static class MetricUpsert
{
    /// <summary>Rows per statement: 5 values each stays far below SQLite's and PostgreSQL's parameter limits.</summary>
    private const int RowsPerStatement = 1000;

    // SQLite has one writer at a time; queueing writers here is cheaper than letting them spin on SQLITE_BUSY.
    internal static readonly SemaphoreSlim SqliteWriter = new(1, 1);

    internal readonly record struct Row(Guid RunId, MetricValue Metric);

    /// <summary>
    /// Writes the metrics in one transaction; <paramref name="alongside"/> (params and tags of a log-batch) writes in
    /// the same transaction first, so that when it refuses the batch nothing of it is stored.
    /// </summary>
    public static async Task WriteAsync(LodestoneDb db, IEnumerable<(Guid RunId, IReadOnlyCollection<MetricValue> Metrics)> writes,
        CancellationToken cancellationToken, Func<DbConnection, DbTransaction, bool, CancellationToken, Task>? alongside = null)
    {
        var (rows, latest) = Prepare(writes);
        if (rows.Count == 0 && alongside is null) return;

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
                if (alongside is not null) await alongside(connection, transaction, sqlite, cancellationToken);
                for (var i = 0; i < rows.Count; i += RowsPerStatement)
                    await UpsertAsync(connection, transaction, sqlite, rows.GetRange(i, Math.Min(RowsPerStatement, rows.Count - i)),
                        (i == 0 && !sqlite && alongside is null ? PostgresDurability : "") + HistorySql, cancellationToken);
                for (var i = 0; i < latest.Count; i += RowsPerStatement)
                    await UpsertAsync(connection, transaction, sqlite, latest.GetRange(i, Math.Min(RowsPerStatement, latest.Count - i)), LatestSql, cancellationToken);
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
    }

    /// <summary>
    /// The rows to write, one per (run, key, step) with the last value given, sorted by run, key and step; and the
    /// newest step of each (run, key), for the latest-value projection.
    /// </summary>
    internal static (List<Row> Rows, List<Row> Latest) Prepare(IEnumerable<(Guid RunId, IReadOnlyCollection<MetricValue> Metrics)> writes)
    {
        var points = new Dictionary<(Guid, string, long), Row>();
        foreach (var (runId, metrics) in writes)
            foreach (var m in metrics) points[(runId, m.Key, m.Step)] = new Row(runId, m);
        var rows = points.Values.ToList();
        rows.Sort((a, b) =>
        {
            var c = a.RunId.CompareTo(b.RunId);
            if (c == 0) c = string.CompareOrdinal(a.Metric.Key, b.Metric.Key);
            return c != 0 ? c : a.Metric.Step.CompareTo(b.Metric.Step);
        });
        // Sorted by step within (run, key), the last row of each group has the highest step.
        var latest = new List<Row>();
        for (var i = 0; i < rows.Count; i++)
            if (i == rows.Count - 1 || rows[i + 1].RunId != rows[i].RunId || rows[i + 1].Metric.Key != rows[i].Metric.Key)
                latest.Add(rows[i]);
        return (rows, latest);
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

    /// <summary>
    /// The same guarantee on PostgreSQL: with <c>synchronous_commit</c> off for this transaction only, the commit does
    /// not wait for the server's WAL flush. A committed metric survives a crash of any Lodestone process (the server
    /// has it); a crash of the PostgreSQL server or its machine can lose the last few hundred milliseconds of metrics,
    /// never corrupt them, as with SQLite's synchronous=NORMAL. Runs, states and checkpoints keep full durability. It is
    /// sent with the first statement, not in a round trip of its own.
    /// </summary>
    private const string PostgresDurability = "SET LOCAL synchronous_commit = off; ";

    internal const string HistorySql =
        """INSERT INTO "Metrics" ("RunId", "Key", "Step", "Value", "Timestamp") VALUES {0} """ +
        """ON CONFLICT ("RunId", "Key", "Step") DO UPDATE SET "Value" = excluded."Value", "Timestamp" = excluded."Timestamp" """ +
        """WHERE excluded."Timestamp" > "Metrics"."Timestamp" OR (excluded."Timestamp" = "Metrics"."Timestamp" AND """ +
        """(excluded."Value" > "Metrics"."Value" OR ("Metrics"."Value" IS NULL AND excluded."Value" IS NOT NULL)));""";

    // MLflow's rule for both, so that the latest value is the history's at its largest step: a step written again
    // keeps the value with the later timestamp, then the larger value (NaN, stored as NULL, is never larger); the
    // projection moves to a larger step, or to the value its step keeps.
    internal const string LatestSql =
        """INSERT INTO "LatestMetrics" ("RunId", "Key", "Step", "Value", "Timestamp") VALUES {0} """ +
        """ON CONFLICT ("RunId", "Key") DO UPDATE SET "Step" = excluded."Step", "Value" = excluded."Value", "Timestamp" = excluded."Timestamp" """ +
        """WHERE excluded."Step" > "LatestMetrics"."Step" OR (excluded."Step" = "LatestMetrics"."Step" AND (excluded."Timestamp" > "LatestMetrics"."Timestamp" """ +
        """OR (excluded."Timestamp" = "LatestMetrics"."Timestamp" AND (excluded."Value" > "LatestMetrics"."Value" """ +
        """OR ("LatestMetrics"."Value" IS NULL AND excluded."Value" IS NOT NULL)))));""";

    // Numbers go into the statement as invariant literals and only runs, keys and infinities as parameters: providers
    // bind parameters by name, which costs O(n²) on thousands of them, while a literal costs nothing to bind.
    private static async Task UpsertAsync(DbConnection connection, DbTransaction transaction, bool sqlite,
        List<Row> rows, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var values = new StringBuilder(rows.Count * 48);
        var runs = new Dictionary<Guid, string>();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var (runId, row) = rows[i];
            if (!runs.TryGetValue(runId, out var run))
            {
                run = $"@r{runs.Count}";
                runs[runId] = run;
                // EF stores a Guid in SQLite as upper-case text.
                Add(command, run, sqlite ? runId.ToString().ToUpperInvariant() : runId);
            }
            if (!keys.TryGetValue(row.Key, out var key))
            {
                key = $"@k{keys.Count}";
                keys[row.Key] = key;
                Add(command, key, row.Key);
            }
            if (i > 0) values.Append(',');
            values.Append('(').Append(run).Append(',').Append(key).Append(',').Append(row.Step.ToString(CultureInfo.InvariantCulture)).Append(',');
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

    internal static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
