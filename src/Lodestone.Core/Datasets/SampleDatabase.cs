using System.Globalization;
using DuckDB.NET.Data;
using Lodestone.Data;

namespace Lodestone.Datasets;

/// <summary>
/// The one DuckDB engine of the process (in memory; it only reads and writes Parquet files). Keeping it open keeps
/// DuckDB's Parquet metadata cache warm between chart queries. Register it as a singleton; it is thread-safe:
/// every operation takes its own connection to the shared engine.
/// </summary>
public sealed class SampleDatabase : IDisposable
{
    private readonly DuckDBConnection root;
    private readonly Lock gate = new();
    private bool disposed;

    public SampleDatabase(LodestonePaths paths, SampleStoreOptions? options = null)
    {
        Paths = paths;
        Options = options ?? new SampleStoreOptions();
        paths.EnsureCreated();
        root = new DuckDBConnection("DataSource=:memory:");
        root.Open();
        var spill = Path.Combine(paths.Staging, "duckdb-spill");
        Directory.CreateDirectory(spill);
        Execute(root, $"""
            SET memory_limit = '{Options.MemoryLimitMegabytes}MB';
            SET threads = {Math.Max(1, Options.Threads)};
            SET temp_directory = {SqlText.Literal(spill)};
            SET TimeZone = 'UTC';
            SET parquet_metadata_cache = true;
            SET enable_progress_bar = false;
            SET enable_progress_bar_print = false;
            """);
    }

    public LodestonePaths Paths { get; }
    public SampleStoreOptions Options { get; }

    /// <summary>A new connection to the shared engine; the caller disposes it. Temporary tables are private to it.</summary>
    internal DuckDBConnection Connect()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var connection = root.Duplicate();
            connection.Open();
            // Session settings do not carry over to a duplicated connection. The progress bar stays off but where a
            // caller reads the progress (DatasetImporter's exact COPY): with it on, a thread waiting for a query that
            // runs on DuckDB's worker polls the progress without pause (2-2.5 s of CPU through a 10M-row import's COPY).
            Execute(connection, "SET TimeZone = 'UTC'; SET enable_progress_bar = false; SET enable_progress_bar_print = false;");
            return connection;
        }
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static T Scalar<T>(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a first query, so that the first chart a person opens does not pay for loading and compiling the engine.</summary>
    public void WarmUp()
    {
        using var connection = Connect();
        Scalar<long>(connection, "SELECT count(*) FROM range(1000) t(i) WHERE i % 7 = 0");
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            root.Dispose();
        }
    }
}
