using Lodestone.Accounts;
using Lodestone.Datasets;
using Lodestone.Projects;
using Lodestone.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Data;

/// <summary>
/// The metadata store. One model for both providers; <see cref="SqliteLodestoneDb"/> and <see cref="PostgresLodestoneDb"/>
/// exist only so that each provider keeps migrations of its own.
/// </summary>
public abstract class LodestoneDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<KeyRingEntry> KeyRing => Set<KeyRingEntry>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<Sensor> Sensors => Set<Sensor>();
    public DbSet<CalibrationRecord> CalibrationRecords => Set<CalibrationRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LodestoneDb).Assembly);
}

public sealed class SqliteLodestoneDb(DbContextOptions<SqliteLodestoneDb> options) : LodestoneDb(options);

public sealed class PostgresLodestoneDb(DbContextOptions<PostgresLodestoneDb> options) : LodestoneDb(options);
