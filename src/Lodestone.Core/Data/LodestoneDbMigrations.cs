using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lodestone.Data;

public static class LodestoneDbMigrations
{
    /// <summary>Applies the provider's migrations. SQLite also gets write-ahead logging, so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(this LodestoneDb db, CancellationToken cancellationToken = default)
    {
        // The SQLite file is made owner-only before SQLite creates it world-readable (it holds password hashes).
        if (db.Database.IsSqlite() && new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) is { Mode: not SqliteOpenMode.Memory, DataSource: { Length: > 0 } file }
            && file != ":memory:")
            LodestonePaths.EnsureDatabaseFile(Path.GetFullPath(file));
        // On a fresh PostgreSQL database EF reads the history table before it creates it and logs the failed query as
        // an error, which every first command printed; made first, the table is there to read.
        // The database itself first (MigrateAsync would create it, but only after the history table is needed).
        if (db.Database.IsNpgsql())
        {
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(cancellationToken)) await creator.CreateAsync(cancellationToken);
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
