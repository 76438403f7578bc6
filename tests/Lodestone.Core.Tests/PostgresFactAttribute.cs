namespace Lodestone;

/// <summary>A fact that needs a PostgreSQL server: CI exports LODESTONE_TEST_POSTGRES; without it the test is skipped, saying why.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "LODESTONE_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"Needs PostgreSQL: set {Variable} to a connection string (Host=…;Username=…;Password=…) of a server where it may create databases.";
    }
}
