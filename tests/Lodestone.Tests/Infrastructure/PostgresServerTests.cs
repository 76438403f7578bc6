using Npgsql;

namespace Lodestone.Infrastructure;

public sealed class PostgresServerTests
{
    [PostgresFact]
    public async Task TheTestServer_AcceptsConnections()
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }
}
