using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestone.Data;

public static class LodestoneDbMigrations
{
    /// <summary>Applies the provider's migrations. SQLite also gets write-ahead logging, so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(this LodestoneDb db, CancellationToken cancellationToken = default)
    {
        // On a fresh PostgreSQL database EF reads the history table before it creates it and logs the failed query as
        // an error, which every first command printed; made first, the table is there to read.
        if (db.Database.IsNpgsql())
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
