using Microsoft.Data.Sqlite;

namespace Lodestone.Training;

/// <summary>
/// The group commit's SQLite path: one connection the writer keeps open, with the history and latest-value upserts
/// prepared once and run per row, instead of opening a pooled connection, setting its pragma and compiling a new
/// multi-row statement for every group. The groups of small writes are small (a handful of rows), so compiling their
/// SQL was most of a commit's cost. Only the writer's single loop uses it.
/// </summary>
internal sealed class SqliteMetricCommit(string connectionString) : IDisposable
{
    private SqliteConnection? _connection;
    private SqliteCommand? _history;
    private SqliteCommand? _latest;

    public async Task WriteAsync(IEnumerable<(Guid RunId, IReadOnlyCollection<MetricValue> Metrics)> writes)
    {
        var (rows, latest) = MetricUpsert.Prepare(writes);
        if (rows.Count == 0) return;
        await MetricUpsert.SqliteWriter.WaitAsync();
        try
        {
            var connection = Open();
            using var transaction = connection.BeginTransaction();
            try
            {
                Run(_history!, transaction, rows);
                Run(_latest!, transaction, latest);
                transaction.Commit();
            }
            catch
            {
                // A connection that failed mid-transaction is not trusted again: the next group opens a fresh one.
                Dispose();
                throw;
            }
        }
        finally
        {
            MetricUpsert.SqliteWriter.Release();
        }
    }

    private SqliteConnection Open()
    {
        if (_connection is not null) return _connection;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            // As in MetricUpsert: WAL with synchronous=NORMAL survives a crash of the process, without an fsync per commit.
            // Foreign keys as EF turns them on for its own connections: a metric of a deleted run is refused.
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            pragma.ExecuteNonQuery();
        }
        _history = Prepare(_connection, MetricUpsert.HistorySql);
        _latest = Prepare(_connection, MetricUpsert.LatestSql);
        return _connection;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, "($r, $k, $s, $v, $t)");
        foreach (var name in (string[])["$r", "$k", "$s", "$v", "$t"]) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, List<MetricUpsert.Row> rows)
    {
        command.Transaction = transaction;
        var p = command.Parameters;
        foreach (var (runId, metric) in rows)
        {
            // EF stores a Guid in SQLite as upper-case text; NaN is stored as NULL, as the multi-row path does.
            p[0].Value = runId.ToString().ToUpperInvariant();
            p[1].Value = metric.Key;
            p[2].Value = metric.Step;
            p[3].Value = double.IsNaN(metric.Value) ? DBNull.Value : metric.Value;
            p[4].Value = metric.Timestamp;
            command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        _history?.Dispose();
        _latest?.Dispose();
        _connection?.Dispose();
        (_history, _latest, _connection) = (null, null, null);
    }
}
