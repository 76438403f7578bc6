using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lodestone.Data;

// Used only by `dotnet ef migrations add`; the app builds its contexts from options at run time.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLodestoneDb>
{
    public SqliteLodestoneDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLodestoneDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLodestoneDb>
{
    public PostgresLodestoneDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLodestoneDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
