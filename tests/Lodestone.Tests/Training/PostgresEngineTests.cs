using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Lodestone.Training;

/// <summary>The whole engine on PostgreSQL: metadata, Hangfire.PostgreSql job storage, and the LISTEN/NOTIFY relay.</summary>
// App hosts that train runs take turns: they share two cores, and Hangfire keeps some process-wide state (its global configuration and log provider).
[Collection(AppHostsCollection.Name)]
public class PostgresEngineTests
{
    private sealed class PostgresAppFactory(string connectionString) : TrainingAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Lodestone:Database", connectionString);
        }
    }

    [PostgresFact]
    public async Task A_run_is_trained_through_the_postgres_job_queue()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
        var name = "lodestone_engine_" + Guid.NewGuid().ToString("N")[..10];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }
        try
        {
            using var app = new PostgresAppFactory(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
            var (client, _, _) = await app.CreateUserAsync("pg-user");
            var project = await TrainingAppFactory.CreateProjectAsync(client);
            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
            var created = await (await client.PostAsJsonAsync($"/api/projects/{project}/runs", new
            {
                trainerKind = LogisticRegressionTrainer.KindName, config = new { epochs = 4 }, datasetIds = new[] { await app.CreateDatasetRowAsync(project) },
            })).Content.ReadFromJsonAsync<RunResponse>(json);

            var run = await TrainingApiTests.WaitForAsync(client, $"/api/projects/{project}/runs/{created!.Id}", r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);
            Assert.True(run.State == TrainingRunState.Completed, run.FailureReason);
            Assert.Equal(4, run.Progress.Completed);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
    }
}
