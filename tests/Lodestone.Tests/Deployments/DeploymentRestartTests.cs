using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Infrastructure;
using Lodestone.Models;
using Lodestone.Trainers.Classification;
using Lodestone.Training;

namespace Lodestone.Deployments;

/// <summary>A deployment is a row in the metadata store: a restarted server serves it again, its model loaded before the first request.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class DeploymentRestartTests
{
    [Theory, StorageProviders]
    public async Task A_deployment_survives_a_restart_of_the_server(StorageProvider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string> { ["Lodestone:DataFolder"] = folder, ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" };
        // Both servers on the same metadata store: the folder's SQLite file, or one PostgreSQL database.
        if (provider == StorageProvider.Postgres) settings["Lodestone:Database"] = TestPostgres.NewDatabaseConnectionString();
        Guid project;
        string key;
        try
        {
            using (var first = new LodestoneAppFactory { Provider = provider, Settings = settings })
            {
                var user = await first.CreateUserAsync();
                key = user.ApiKey;
                project = await LodestoneAppFactory.CreateProjectAsync(user);
                var dataset = (await LodestoneAppFactory.UploadAsync(user, project, ServedModelsFixture.Recording(600, seed: 31), "fan.csv")).Dataset.Id;
                await ModelVersionsApiTests.TrainAsync(user.Client, project, new
                {
                    trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { dataset },
                    config = new { iterations = 5, window = new { length = 20, stride = 20, labelChannel = "fault" }, modelName = "fan" },
                });
                Assert.Equal(HttpStatusCode.Created,
                    (await user.Client.PostAsJsonAsync($"/api/projects/{project}/deployments", new { name = "fan-live", model = "fan", version = 1 })).StatusCode);
            }

            // The first server's folder lock is let go as its host stops; a second started at that moment may find it
            // held (seen once in a full run as "the server has not been started"), so starting is tried a few times.
            LodestoneAppFactory? second = null;
            HttpClient? started = null;
            for (var attempt = 0; started is null; attempt++)
            {
                second = new LodestoneAppFactory { Provider = provider, Settings = settings };
                try { started = second.CreateClient(); }
                catch (InvalidOperationException) when (attempt < 5)
                {
                    second.Dispose();
                    await Task.Delay(1000);
                }
            }
            using var secondServer = second!;
            using var client = started;
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            var response = await client.PostAsJsonAsync($"/api/projects/{project}/deployments/fan-live/predict",
                ServedModelsFixture.Body(ServedModelsFixture.Window(true, 32)));

            var answer = await ModelVersionsApiTests.Read<JsonElement>(response);
            Assert.Equal(("fan", 1), (answer.GetProperty("model").GetString(), answer.GetProperty("version").GetInt32()));
            Assert.Equal("Anomaly", answer.GetProperty("predictions")[0].GetProperty("labels")[0].GetString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
