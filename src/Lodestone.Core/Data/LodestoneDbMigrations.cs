using Microsoft.EntityFrameworkCore;

namespace Lodestone.Data;

public static class LodestoneDbMigrations
{
    /// <summary>Applies the provider's migrations. SQLite also gets write-ahead logging, so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(this LodestoneDb db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
