using System.Reflection;

namespace Lodestone.Infrastructure;

/// <summary>
/// Runs a theory once per storage provider: SQLite always, PostgreSQL when the run has a server
/// (<see cref="PostgresServerTests"/> shows as skipped, with the reason, when it has none).
/// </summary>
public sealed class StorageProvidersAttribute : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        yield return [StorageProvider.Sqlite];
        if (TestPostgres.IsAvailable) yield return [StorageProvider.Postgres];
    }
}

/// <summary>A fact that needs the run's PostgreSQL server; skipped, saying why, without one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestPostgres.IsAvailable) Skip = TestPostgres.SkipReason;
    }
}
