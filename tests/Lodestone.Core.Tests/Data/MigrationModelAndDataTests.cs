using Lodestone.Accounts;
using Lodestone.Models;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Lodestone.Data;

/// <summary>
/// The migrations of both providers: each snapshot matches the model (so no change waits for a migration), and a
/// store with data from before the tracking migrations keeps all of it when migrated to the latest schema.
/// </summary>
public sealed class MigrationModelAndDataTests
{
    [Fact]
    public void The_SQLite_migrations_carry_every_change_of_the_model()
    {
        using var db = new SqliteLodestoneDb(new DbContextOptionsBuilder<SqliteLodestoneDb>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run src/Lodestone.Core/Data/migrate.sh NAME.");
    }

    [Fact]
    public void The_PostgreSQL_migrations_carry_every_change_of_the_model()
    {
        using var db = new PostgresLodestoneDb(new DbContextOptionsBuilder<PostgresLodestoneDb>().UseNpgsql("Host=localhost").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run src/Lodestone.Core/Data/migrate.sh NAME.");
    }

    [Fact]
    public Task Params_and_tags_of_existing_runs_become_rows_and_projects_stay_active_on_SQLite() => ExistingDataAsync(postgres: false);

    [PostgresFact]
    public Task Params_and_tags_of_existing_runs_become_rows_and_projects_stay_active_on_PostgreSQL() => ExistingDataAsync(postgres: true);

    [Fact]
    public Task Versions_registered_before_models_were_rows_get_one_model_per_name_on_SQLite() => VersionsBeforeModelsAsync(postgres: false);

    [PostgresFact]
    public Task Versions_registered_before_models_were_rows_get_one_model_per_name_on_PostgreSQL() => VersionsBeforeModelsAsync(postgres: true);

    private static async Task VersionsBeforeModelsAsync(bool postgres)
    {
        await using var store = await OldStore.CreateAsync(postgres, "_ExperimentTagsAndDeletion");
        var user = Guid.NewGuid();
        await store.InsertUserAsync(user, "tester");
        Guid project = Guid.NewGuid(), other = Guid.NewGuid();
        await store.InsertProjectAsync(project, "Pumps");
        await store.InsertProjectAsync(other, "Valves");
        var start = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        // Two versions of "pump-classifier", one of "lightgbm", and a "lightgbm" of another project (another model).
        var versions = new[]
        {
            (Id: Guid.NewGuid(), Project: project, Name: "pump-classifier", Number: 1, Task: "Classification", At: start),
            (Id: Guid.NewGuid(), Project: project, Name: "pump-classifier", Number: 2, Task: "Classification", At: start.AddHours(2)),
            (Id: Guid.NewGuid(), Project: project, Name: "lightgbm", Number: 1, Task: "Classification", At: start.AddHours(1)),
            (Id: Guid.NewGuid(), Project: other, Name: "lightgbm", Number: 1, Task: "AnomalyDetection", At: start.AddHours(3)),
        };
        foreach (var v in versions)
        {
            var run = Guid.NewGuid();
            await store.InsertRunAsync(run, v.Project, user);
            await store.InsertVersionAsync(v.Id, v.Project, v.Name, v.Number, run, v.Task, v.At);
        }

        await using (var db = store.Open()) await db.MigrateAsync();

        await using var check = store.Open();
        var models = await check.Set<Model>().AsNoTracking().OrderBy(m => m.CreatedAt).ToListAsync();
        Assert.Equal([(project, "pump-classifier"), (project, "lightgbm"), (other, "lightgbm")], models.Select(m => (m.ProjectId, m.Name)));
        var pumps = models[0];
        Assert.Equal((Lodestone.Trainers.TrainingTask.Classification, "tester", start, start.AddHours(2)),
            (pumps.Task!.Value, pumps.Author, pumps.CreatedAt, pumps.UpdatedAt));
        Assert.Equal(Lodestone.Trainers.TrainingTask.AnomalyDetection, models[2].Task);
        Assert.Empty(pumps.Tags);
        Assert.Empty(pumps.Metadata);
        var migrated = await check.Set<ModelVersion>().AsNoTracking().ToDictionaryAsync(v => v.Id);
        Assert.All(versions, v => Assert.Equal(models.Single(m => m.ProjectId == v.Project && m.Name == v.Name).Id, migrated[v.Id].ModelId));
        Assert.All(migrated.Values, v => Assert.Null(v.VersionLabel ?? v.Notes ?? (object?)v.ClonedFromVersionId));
        // Numbers stay unique per model: a second version 2 of the pump model is refused.
        var duplicate = migrated[versions[1].Id];
        var spareRun = Guid.NewGuid();
        await store.InsertRunAsync(spareRun, project, user);
        var added = ModelVersion.Create(project, duplicate.ModelName, spareRun, null, "lightgbm",
            duplicate.Task, [], [], new ModelWindow(), new Dictionary<string, double>(), "model", DateTime.UtcNow);
        added.Numbered(2);
        added.BelongsTo(pumps);
        check.Add(added);
        await Assert.ThrowsAsync<DbUpdateException>(() => check.SaveChangesAsync());
    }

    [Fact]
    public async Task The_models_migration_runs_again_on_SQLite_when_a_process_died_before_recording_it()
    {
        await using var store = await OldStore.CreateAsync(postgres: false, "_ExperimentTagsAndDeletion");
        Guid user = Guid.NewGuid(), project = Guid.NewGuid(), run = Guid.NewGuid(), version = Guid.NewGuid();
        await store.InsertUserAsync(user, "tester");
        await store.InsertProjectAsync(project, "Pumps");
        await store.InsertRunAsync(run, project, user);
        await store.InsertVersionAsync(version, project, "pump-classifier", 1, run, "Classification", DateTime.UtcNow);
        await using (var db = store.Open())
        {
            await db.MigrateAsync();
            var models = db.Database.GetMigrations().Single(m => m.EndsWith("_ModelsAliasesAndLabels", StringComparison.Ordinal));
            // The state a kill leaves after the schema change committed and before the history row did.
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {models}");
        }

        await using (var db = store.Open()) await db.MigrateAsync();

        await using var check = store.Open();
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        var model = await check.Set<Model>().AsNoTracking().SingleAsync();
        Assert.Equal(model.Id, (await check.Set<ModelVersion>().AsNoTracking().SingleAsync(v => v.Id == version)).ModelId);
        Assert.Empty(await check.Database.SqlQuery<string>($"SELECT \"table\" AS \"Value\" FROM pragma_foreign_key_check").ToListAsync());
    }

    private static async Task ExistingDataAsync(bool postgres)
    {
        await using var store = await OldStore.CreateAsync(postgres);
        // Users, projects and runs are written as the old schema has them (users have since gained a security stamp).
        var user = Guid.NewGuid();
        await store.InsertUserAsync(user, "tester");
        var project = Guid.NewGuid();
        var withRecords = Guid.NewGuid();
        var bare = Guid.NewGuid();
        await store.InsertProjectAsync(project, "Before");
        await store.InsertRunAsync(withRecords, project, user,
            """{"lr":"0.001","note":"it's \"quoted\" – ünïcode","empty":""}""", """{"mlflow.runName":"old run","team":"pumps"}""");
        await store.InsertRunAsync(bare, project, user, "{}", "{}");

        await using (var db = store.Open()) await db.MigrateAsync();

        await using var check = store.Open();
        var runs = await check.Set<TrainingRun>().AsNoTracking().ToDictionaryAsync(r => r.Id);
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.001", ["note"] = "it's \"quoted\" – ünïcode", ["empty"] = "" }, runs[withRecords].Params);
        Assert.Equal(new Dictionary<string, string> { ["mlflow.runName"] = "old run", ["team"] = "pumps" }, runs[withRecords].Tags);
        Assert.Empty(runs[bare].Params);
        Assert.Empty(runs[bare].Tags);
        Assert.Equal(3, await check.Set<RunParam>().CountAsync());
        var migrated = await check.Projects.AsNoTracking().SingleAsync(p => p.Id == project);
        Assert.Null(migrated.DeletedAt);
        Assert.Empty(await check.Set<ExperimentTag>().ToListAsync());
    }

    /// <summary>A store migrated up to the migration before params and tags became rows, written to with that schema's SQL.</summary>
    private sealed class OldStore : IAsyncDisposable
    {
        private const string LastOldMigration = "_RunParentVersionForeignKey";

        private readonly string? _postgresAdmin;
        private readonly string _name = "lodestone_test_" + Guid.NewGuid().ToString("N")[..12];
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));
        private readonly string _connectionString;

        private OldStore(bool postgres)
        {
            if (postgres)
            {
                _postgresAdmin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
                _connectionString = new NpgsqlConnectionStringBuilder(_postgresAdmin) { Database = _name }.ConnectionString;
            }
            else
            {
                Directory.CreateDirectory(_folder);
                _connectionString = $"Data Source={Path.Combine(_folder, "old.db")}";
            }
        }

        private bool Sqlite => _postgresAdmin is null;

        public static async Task<OldStore> CreateAsync(bool postgres, string lastMigration = LastOldMigration)
        {
            var store = new OldStore(postgres);
            if (postgres)
            {
                await using var admin = new NpgsqlConnection(store._postgresAdmin);
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {store._name}", admin);
                await create.ExecuteNonQueryAsync();
            }
            await using var db = store.Open();
            var target = db.Database.GetMigrations().Single(m => m.EndsWith(lastMigration, StringComparison.Ordinal));
            await db.GetService<IMigrator>().MigrateAsync(target);
            return store;
        }

        public LodestoneDb Open() => Sqlite
            ? new SqliteLodestoneDb(new DbContextOptionsBuilder<SqliteLodestoneDb>().UseSqlite(_connectionString).Options)
            : new PostgresLodestoneDb(new DbContextOptionsBuilder<PostgresLodestoneDb>().UseNpgsql(_connectionString).Options);

        public async Task InsertUserAsync(Guid id, string name)
        {
            await using var db = Open();
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "Users" ("Id", "UserName", "DisplayName", "PasswordHash", "IsAdministrator", "CreatedAt") VALUES ({Id(id)}, {name}, {name}, {"x"}, {false}, {At(DateTime.UtcNow)})""");
        }

        public async Task InsertProjectAsync(Guid id, string name)
        {
            await using var db = Open();
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "Projects" ("Id", "Name", "Description", "CreatedAt") VALUES ({Id(id)}, {name}, {""}, {At(DateTime.UtcNow)})""");
        }

        public async Task InsertRunAsync(Guid id, Guid projectId, Guid ownerId, string paramsJson, string tagsJson)
        {
            await using var db = Open();
            var now = At(DateTime.UtcNow);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "TrainingRuns" ("Id", "ProjectId", "OwnerId", "Name", "TrainerKind", "Config", "DatasetIds", "FinalMetrics",
                    "Hardware", "IsExternal", "MonitorGoal", "Queue", "State", "Attempt", "ProgressAtAttemptStart", "ProgressCompleted",
                    "ProgressTotal", "CreatedAt", "Params", "Tags")
                VALUES ({Id(id)}, {Id(projectId)}, {Id(ownerId)}, {"old"}, {"mlflow"}, {"{}"}, {"[]"}, {"{}"}, {"{}"}, {true}, {"Minimize"},
                    {"default"}, {"Running"}, {0}, {0}, {0}, {0}, {now}, {paramsJson}, {tagsJson})
                """);
        }

        /// <summary>A run as the schema after params and tags became rows has it.</summary>
        public async Task InsertRunAsync(Guid id, Guid projectId, Guid ownerId)
        {
            await using var db = Open();
            var now = At(DateTime.UtcNow);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "TrainingRuns" ("Id", "ProjectId", "OwnerId", "Name", "TrainerKind", "Config", "DatasetIds", "FinalMetrics",
                    "Hardware", "IsExternal", "MonitorGoal", "Queue", "State", "Attempt", "ProgressAtAttemptStart", "ProgressCompleted",
                    "ProgressTotal", "CreatedAt")
                VALUES ({Id(id)}, {Id(projectId)}, {Id(ownerId)}, {"old"}, {"lightgbm"}, {"{}"}, {"[]"}, {"{}"}, {"{}"}, {false}, {"Minimize"},
                    {"default"}, {"Completed"}, {1}, {0}, {1}, {1}, {now})
                """);
        }

        /// <summary>A version as the schema before models were rows has it, keyed by project and model name.</summary>
        public async Task InsertVersionAsync(Guid id, Guid projectId, string modelName, int number, Guid runId, string task, DateTime at)
        {
            await using var db = Open();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ModelVersions" ("Id", "ProjectId", "ModelName", "Number", "SourceRunId", "TrainerKind", "Task",
                    "Datasets", "Labels", "Window", "Metrics", "ArtifactPath", "CreatedAt")
                VALUES ({Id(id)}, {Id(projectId)}, {modelName}, {number}, {Id(runId)}, {"lightgbm"}, {task}, {"[]"}, {"[]"}, {"{}"}, {"{}"},
                    {"model"}, {At(at)})
                """);
        }

        // As EF writes them: SQLite keeps a Guid as upper-case text and a time as text; PostgreSQL has the types.
        private object Id(Guid id) => Sqlite ? id.ToString().ToUpperInvariant() : id;

        private object At(DateTime at) => Sqlite ? at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF") : at;

        public async ValueTask DisposeAsync()
        {
            if (Sqlite)
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
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
