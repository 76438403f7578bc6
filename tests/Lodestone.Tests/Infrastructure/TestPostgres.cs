namespace Lodestone.Infrastructure;

/// <summary>The PostgreSQL server of the test run (test.sh starts one and exports <c>LODESTONE_TEST_POSTGRES</c>).</summary>
public static class TestPostgres
{
    public static string? ServerConnectionString => Environment.GetEnvironmentVariable("LODESTONE_TEST_POSTGRES");

    public static bool IsAvailable => !string.IsNullOrWhiteSpace(ServerConnectionString);

    public const string SkipReason = "LODESTONE_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts a PostgreSQL server.";

    /// <summary>A connection string to a database of its own; migrations create it on first use.</summary>
    public static string NewDatabaseConnectionString() =>
        IsAvailable
            ? $"{ServerConnectionString};Database=lodestone_test_{Guid.NewGuid():N}"
            : throw new InvalidOperationException(SkipReason);
}
