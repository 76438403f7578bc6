using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the metadata store for the configured provider, resolvable as <see cref="LodestoneDb"/>.</summary>
    public static IServiceCollection AddLodestoneDb(this IServiceCollection services, StorageOptions storage, LodestonePaths paths)
    {
        if (storage.UsesPostgres)
        {
            services.AddDbContext<PostgresLodestoneDb>(o => o.UseNpgsql(storage.Database));
            services.AddScoped<LodestoneDb>(sp => sp.GetRequiredService<PostgresLodestoneDb>());
        }
        else
        {
            services.AddDbContext<SqliteLodestoneDb>(o => o.UseSqlite($"Data Source={paths.Database};Pooling=True"));
            services.AddScoped<LodestoneDb>(sp => sp.GetRequiredService<SqliteLodestoneDb>());
        }
        return services;
    }

    /// <summary>Applies the provider's migrations. SQLite also gets write-ahead logging, so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(this LodestoneDb db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
