using Lodestone.Accounts;
using Lodestone.Data;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lodestone;

/// <summary>
/// A migrated metadata store of its own for one test: a SQLite file in a temporary folder, or a fresh database on the
/// PostgreSQL server of <c>LODESTONE_TEST_POSTGRES</c>. Holds one user and one project to hang runs on.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresAdmin;
    private readonly string _name = "lodestone_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _connectionString;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));
    public LodestonePaths Paths { get; }
    public bool IsPostgres => _postgresAdmin is not null;
    public Guid UserId { get; private set; }
    public Guid ProjectId { get; private set; }

    private TestDatabase(bool postgres)
    {
        Paths = new LodestonePaths(Folder);
        Paths.EnsureCreated();
        if (postgres)
        {
            _postgresAdmin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
            _connectionString = new NpgsqlConnectionStringBuilder(_postgresAdmin) { Database = _name }.ConnectionString;
        }
        else _connectionString = $"Data Source={Paths.Database};Pooling=True";
    }

    public static async Task<TestDatabase> CreateAsync(bool postgres = false)
    {
        var database = new TestDatabase(postgres);
        if (postgres)
        {
            await using var admin = new NpgsqlConnection(database._postgresAdmin);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database._name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using var db = database.Open();
        await db.MigrateAsync();
        var user = new User("tester", "Tester");
        db.Users.Add(user);
        var project = new Project("Test project");
        project.AddMember(user.Id, ProjectRole.Admin);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        database.UserId = user.Id;
        database.ProjectId = project.Id;
        return database;
    }

    public LodestoneDb Open() => IsPostgres
        ? new PostgresLodestoneDb(new DbContextOptionsBuilder<PostgresLodestoneDb>().UseNpgsql(_connectionString).Options)
        : new SqliteLodestoneDb(new DbContextOptionsBuilder<SqliteLodestoneDb>().UseSqlite(_connectionString).Options);

    public static Training.RunEvents Events() => new(NullLogger<Training.RunEvents>.Instance);

    public async ValueTask DisposeAsync()
    {
        if (IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_postgresAdmin);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        else Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
