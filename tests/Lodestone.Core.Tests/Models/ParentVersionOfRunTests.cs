using Lodestone.Accounts;
using Lodestone.Data;
using Lodestone.Projects;
using Lodestone.Trainers;
using Lodestone.Training;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lodestone.Models;

/// <summary>
/// The store keeps a run's link to the version it continues from. The schema here is made from the EF model itself
/// (EnsureCreated), not from migrations, so these facts hold for the model whatever migration carries it.
/// </summary>
public class ParentVersionOfRunTests
{
    [Fact]
    public Task A_model_version_cannot_be_deleted_while_a_run_continues_from_it() => VersionStaysAsync(postgres: false);

    [PostgresFact]
    public Task A_model_version_cannot_be_deleted_while_a_run_continues_from_it_on_PostgreSQL() => VersionStaysAsync(postgres: true);

    [Fact]
    public Task Deleting_a_project_deletes_its_versions_and_the_runs_continuing_from_them() => ProjectDeletesWholeAsync(postgres: false);

    [PostgresFact]
    public Task Deleting_a_project_deletes_its_versions_and_the_runs_continuing_from_them_on_PostgreSQL() => ProjectDeletesWholeAsync(postgres: true);

    [Fact]
    public async Task A_run_cannot_name_a_model_version_that_does_not_exist()
    {
        await using var store = await ModelStore.CreateAsync(postgres: false);
        await using var db = store.Open();
        db.Add(TrainingRun.CreateInternal(store.ProjectId, "orphan", "lightgbm", "{}", [], store.UserId, DateTime.UtcNow, Guid.NewGuid()));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    private static async Task VersionStaysAsync(bool postgres)
    {
        await using var store = await ModelStore.CreateAsync(postgres);
        var (version, child) = await store.VersionWithChildRunAsync();

        await using (var db = store.Open())
        {
            db.Remove(await db.Set<ModelVersion>().SingleAsync(v => v.Id == version));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = store.Open();
        Assert.True(await check.Set<ModelVersion>().AnyAsync(v => v.Id == version));
        Assert.Equal(version, (await check.Set<TrainingRun>().SingleAsync(r => r.Id == child)).ParentModelVersionId);
    }

    private static async Task ProjectDeletesWholeAsync(bool postgres)
    {
        await using var store = await ModelStore.CreateAsync(postgres);
        await store.VersionWithChildRunAsync();

        await using (var db = store.Open())
        {
            db.Remove(await db.Projects.SingleAsync(p => p.Id == store.ProjectId));
            await db.SaveChangesAsync();
        }

        await using var check = store.Open();
        Assert.Empty(await check.Set<TrainingRun>().ToListAsync());
        Assert.Empty(await check.Set<ModelVersion>().ToListAsync());
    }

    /// <summary>A store made from the EF model: an in-memory SQLite database, or a fresh PostgreSQL one.</summary>
    private sealed class ModelStore : IAsyncDisposable
    {
        private readonly SqliteConnection? _sqlite;
        private readonly string? _postgresAdmin;
        private readonly string _name = "lodestone_test_" + Guid.NewGuid().ToString("N")[..12];

        private ModelStore(bool postgres)
        {
            if (postgres) _postgresAdmin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
            else _sqlite = new SqliteConnection("Data Source=:memory:");
        }

        public Guid UserId { get; private set; }
        public Guid ProjectId { get; private set; }

        public static async Task<ModelStore> CreateAsync(bool postgres)
        {
            var store = new ModelStore(postgres);
            if (store._sqlite is not null) await store._sqlite.OpenAsync();
            await using var db = store.Open();
            await db.Database.EnsureCreatedAsync();
            var user = new User("tester", "Tester");
            var project = new Project("Lineage");
            project.AddMember(user.Id, ProjectRole.Admin);
            db.AddRange(user, project);
            await db.SaveChangesAsync();
            (store.UserId, store.ProjectId) = (user.Id, project.Id);
            return store;
        }

        public LodestoneDb Open() => _sqlite is not null
            ? new SqliteLodestoneDb(new DbContextOptionsBuilder<SqliteLodestoneDb>().UseSqlite(_sqlite).Options)
            : new PostgresLodestoneDb(new DbContextOptionsBuilder<PostgresLodestoneDb>()
                .UseNpgsql(new NpgsqlConnectionStringBuilder(_postgresAdmin) { Database = _name }.ConnectionString).Options);

        /// <summary>A run that produced version 1, and a second run continuing from that version; their ids.</summary>
        public async Task<(Guid Version, Guid ChildRun)> VersionWithChildRunAsync()
        {
            await using var db = Open();
            var now = DateTime.UtcNow;
            var source = TrainingRun.CreateInternal(ProjectId, "first", "lightgbm", "{}", [], UserId, now);
            db.Add(source);
            await db.SaveChangesAsync();
            var version = ModelVersion.Create(ProjectId, "lightgbm", source.Id, null, "lightgbm", TrainingTask.Classification,
                [], ["a"], new ModelWindow(), new Dictionary<string, double>(), RunLineage.ModelFolder, now);
            version.Numbered(1);
            var model = Model.ForFirstVersion(version, "tester");
            version.BelongsTo(model);
            db.AddRange(model, version);
            await db.SaveChangesAsync();
            var child = TrainingRun.CreateInternal(ProjectId, "second", "lightgbm", "{}", [], UserId, now, version.Id);
            db.Add(child);
            await db.SaveChangesAsync();
            return (version.Id, child.Id);
        }

        public async ValueTask DisposeAsync()
        {
            if (_sqlite is not null)
            {
                await _sqlite.DisposeAsync();
                return;
            }
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_postgresAdmin);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
