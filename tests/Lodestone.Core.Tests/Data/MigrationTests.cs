using Lodestone.Accounts;
using Lodestone.Data;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lodestone.Data;

/// <summary>The migrations as a user's data folder meets them: fresh, or half-way from an older version.</summary>
public sealed class MigrationTests : IDisposable
{
    private const string BeforeParentVersionKey = "20261122221637_AddCalibrationRecords";
    private const string ParentVersionKey = "20261123013216_RunParentVersionForeignKey";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));
    private readonly WarningLog _log = new();

    public MigrationTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task Migrate_LogsNoWarning_WhenTheSqliteDatabaseIsFresh()
    {
        await using var db = Sqlite();

        await db.MigrateAsync();

        Assert.True(_log.Warnings.Count == 0, string.Join("\n", _log.Warnings));
    }

    [PostgresFact]
    public async Task Migrate_LogsNoWarning_WhenThePostgresDatabaseIsFresh()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
        var name = "lodestone_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var options = new DbContextOptionsBuilder<PostgresLodestoneDb>()
                .UseNpgsql(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString)
                .UseLoggerFactory(_log.Factory).Options;
            await using var db = new PostgresLodestoneDb(options);

            await db.MigrateAsync();

            Assert.True(_log.Warnings.Count == 0, string.Join("\n", _log.Warnings));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task ParentVersionKey_KeepsRunsAndTheirMetrics_WhenTheDatabaseHasRuns()
    {
        var run = await RunBeforeTheKeyAsync();

        await using (var db = Sqlite())
            await db.MigrateAsync();

        await AssertRunAndMetricKeptAsync(run);
        await using var check = Sqlite();
        var project = await check.Projects.Select(p => p.Id).SingleAsync();
        var owner = await check.Users.Select(u => u.Id).SingleAsync();
        check.Add(TrainingRun.CreateInternal(project, "orphan", "lightgbm", "{}", [], owner, DateTime.UtcNow, Guid.NewGuid()));
        await Assert.ThrowsAsync<DbUpdateException>(() => check.SaveChangesAsync());
    }

    [Fact]
    public async Task ParentVersionKey_MigratesAgain_WhenAProcessDiedBeforeRecordingIt()
    {
        var run = await RunBeforeTheKeyAsync();
        await using (var db = Sqlite())
        {
            await db.GetService<IMigrator>().MigrateAsync(ParentVersionKey);
            // The state a kill leaves after the schema change committed and before the history row did.
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{ParentVersionKey}'");
        }

        await using (var db = Sqlite())
        {
            await db.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        await AssertRunAndMetricKeptAsync(run);
    }

    /// <summary>
    /// A database as the version before the key left it, with a run and a metric of that run. Written in SQL of that
    /// version's schema: today's model has columns (and tables) that version did not.
    /// </summary>
    private async Task<Guid> RunBeforeTheKeyAsync()
    {
        await using var db = Sqlite();
        await db.GetService<IMigrator>().MigrateAsync(BeforeParentVersionKey);
        Guid user = Guid.NewGuid(), project = Guid.NewGuid(), run = Guid.NewGuid();
        var now = DateTime.UtcNow;
        const string empty = "{}";
        await db.Database.ExecuteSqlAsync($"INSERT INTO \"Users\" (\"Id\", \"CreatedAt\", \"DisplayName\", \"IsAdministrator\", \"PasswordHash\", \"UserName\") VALUES ({user}, {now}, 'Tester', 0, 'x', 'tester')");
        await db.Database.ExecuteSqlAsync($"INSERT INTO \"Projects\" (\"Id\", \"CreatedAt\", \"Description\", \"Name\") VALUES ({project}, {now}, '', 'Harbour')");
        await db.Database.ExecuteSqlAsync($"INSERT INTO \"ProjectMembers\" (\"ProjectId\", \"UserId\", \"JoinedAt\", \"Role\") VALUES ({project}, {user}, {now}, {(int)ProjectRole.Admin})");
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "TrainingRuns" ("Id", "Attempt", "Config", "CreatedAt", "DatasetIds", "FinalMetrics", "Hardware", "IsExternal", "MonitorGoal",
                "Name", "OwnerId", "Params", "ProgressAtAttemptStart", "ProgressCompleted", "ProgressTotal", "ProjectId", "Queue", "State", "Tags", "TrainerKind")
            VALUES ({run}, 0, {empty}, {now}, '[]', {empty}, {empty}, 0, 'Minimize', 'first', {user}, {empty}, 0, 0, 0, {project}, 'default', 'Queued', {empty}, 'lightgbm')
            """);
        await db.Database.ExecuteSqlAsync($"INSERT INTO \"LatestMetrics\" (\"RunId\", \"Key\", \"Step\", \"Value\", \"Timestamp\") VALUES ({run}, 'loss', 1, 0.5, 0)");
        return run;
    }

    private async Task AssertRunAndMetricKeptAsync(Guid run)
    {
        await using var db = Sqlite();
        Assert.Equal("first", await db.Set<TrainingRun>().Where(r => r.Id == run).Select(r => r.Name).SingleAsync());
        Assert.Equal(1, await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"LatestMetrics\" WHERE \"RunId\" = {run}").SingleAsync());
        Assert.Empty(await db.Database.SqlQuery<string>($"SELECT \"table\" AS \"Value\" FROM pragma_foreign_key_check").ToListAsync());
    }

    private SqliteLodestoneDb Sqlite() => new(new DbContextOptionsBuilder<SqliteLodestoneDb>()
        .UseSqlite($"Data Source={Path.Combine(_folder, "lodestone.db")}").UseLoggerFactory(_log.Factory).Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _log.Factory.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>Every warning the contexts log, by category and message.</summary>
    private sealed class WarningLog : ILoggerProvider, ILogger
    {
        private readonly List<string> _warnings = [];

        public WarningLog() => Factory = LoggerFactory.Create(b => b.AddProvider(this));

        public ILoggerFactory Factory { get; }

        public IReadOnlyList<string> Warnings
        {
            get { lock (_warnings) return [.. _warnings]; }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (_warnings) _warnings.Add($"{eventId.Name}: {formatter(state, exception)}");
        }

        void IDisposable.Dispose()
        {
        }
    }
}
