using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Training;

/// <summary>
/// A run's settings are read once, when it is created: every problem is a 400 with its JSON path, nothing is stored, and
/// whatever the platform suggests is accepted. The server trains nothing by itself here; the tests run the executor.
/// </summary>
public sealed class RunRecipeApiTests : IDisposable
{
    private readonly LodestoneAppFactory _app = new() { Settings = { ["Lodestone:Jobs:RunInProcess"] = "false" } };

    public void Dispose() => _app.Dispose();

    /// <summary>100 s at 100 Hz of a pressure channel from sensor pump-1 with three faults marked 1 in <c>anomaly</c>.</summary>
    private static byte[] PumpCsv()
    {
        var builder = new StringBuilder("timestamp,pressure,anomaly,sensor_id\n");
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 10_000; i++)
        {
            var fault = i is >= 2_000 and < 3_000 or >= 6_000 and < 6_400 or >= 9_000 and < 9_200;
            builder.Append(CultureInfo.InvariantCulture, $"{start.AddMilliseconds(i * 10):yyyy-MM-ddTHH:mm:ss.fff},{(fault ? 3.5 : 1.0) + Math.Sin(i / 9.0) * 0.1:F4}");
            builder.Append(fault ? ",1,pump-1\n" : ",0,pump-1\n");
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private async Task<(TestUser User, Guid Project, Guid Dataset)> ProjectWithRecordingAsync()
    {
        var user = await _app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var uploaded = await LodestoneAppFactory.UploadAsync(user, project, PumpCsv(), "pump.csv");
        return (user, project, uploaded.Dataset.Id);
    }

    private static async Task<List<string>> ErrorsOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    private static async Task<int> RunCountAsync(TestUser user, Guid project) =>
        (await user.Client.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/runs")).GetArrayLength();

    [Fact]
    public async Task Create_ListsEveryErrorWithItsJsonPath_AndStoresNothing_WhenTheConfigHasTyposWrongTypesAndValuesOutOfRange()
    {
        var (user, project, dataset) = await ProjectWithRecordingAsync();

        var response = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new
        {
            trainerKind = "cnn", datasetIds = new[] { dataset },
            config = new { epocs = 5, batchSize = "large", epochs = 0, window = new { length = 0, strides = 4 } },
        });

        var errors = await ErrorsOf(response);
        Assert.Contains("$.config.epocs: unknown setting; did you mean 'epochs'?", errors);
        Assert.Contains("$.config.batchSize: must be a whole number", errors);
        Assert.Contains("$.config.epochs: must be between 1 and 10000; it is 0", errors);
        Assert.Contains("$.config.window.length: must be between 1 and 1000000; it is 0", errors);
        Assert.Contains("$.config.window.strides: unknown setting; did you mean 'stride'?", errors);
        Assert.Equal(5, errors.Count);
        Assert.Equal(0, await RunCountAsync(user, project));
    }

    [Fact]
    public async Task Create_RefusesADatasetOfAnotherProject_AnsweringAsForOneThatDoesNotExist()
    {
        var (user, project, _) = await ProjectWithRecordingAsync();
        var (_, _, theirs) = await ProjectWithRecordingAsync();
        var missing = Guid.NewGuid();

        var other = await ErrorsOf(await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs",
            new { trainerKind = "lightgbm", datasetIds = new[] { theirs } }));
        var none = await ErrorsOf(await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs",
            new { trainerKind = "lightgbm", datasetIds = new[] { missing } }));

        Assert.Equal([$"$.datasetIds[0]: the project has no dataset {theirs}"], other);
        Assert.Equal([$"$.datasetIds[0]: the project has no dataset {missing}"], none);
        Assert.Equal(0, await RunCountAsync(user, project));
    }

    [Fact]
    public async Task Create_RefusesAQueueTheServerDoesNotServe_NamingTheQueuesItDoes()
    {
        var (user, project, dataset) = await ProjectWithRecordingAsync();

        var errors = await ErrorsOf(await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs",
            new { trainerKind = "lightgbm", datasetIds = new[] { dataset }, queue = "../../x" }));

        Assert.Equal(["$.queue: no queue '../../x' here; one of: default, heavy"], errors);
        Assert.Equal(0, await RunCountAsync(user, project));
    }

    [Fact]
    public async Task EverySuggestion_StartsARun_AndTheSuggestedLightGbmAndCnnRunsComplete()
    {
        var (user, project, dataset) = await ProjectWithRecordingAsync();
        var trainers = await user.Client.GetFromJsonAsync<JsonElement>("/api/trainers");
        var created = new Dictionary<string, Guid>();
        foreach (var trainer in trainers.EnumerateArray())
        {
            var kind = trainer.GetProperty("kind").GetString()!;
            var readsLabels = trainer.GetProperty("task").GetString() != "Regression";
            // As the start form asks: with the label channel it preselects, and with none chosen (or a per-sensor run).
            var requests = new List<(string? LabelChannel, string? Sensor)> { (null, null), (null, "pump-1") };
            if (readsLabels) requests.Add(("anomaly", null));
            foreach (var (labelChannel, sensor) in requests)
            {
                var suggestion = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/suggestion",
                    new { trainerKind = kind, datasetIds = new[] { dataset }, labelChannel, sensor });
                Assert.True(suggestion.StatusCode == HttpStatusCode.OK, $"{kind} ({labelChannel}, {sensor}): {await suggestion.Content.ReadAsStringAsync()}");
                var config = (await suggestion.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("config");

                var response = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new { trainerKind = kind, datasetIds = new[] { dataset }, config });

                Assert.True(response.StatusCode == HttpStatusCode.Created, $"{kind} ({labelChannel}, {sensor}): {await response.Content.ReadAsStringAsync()}");
                if (labelChannel is not null || !readsLabels) created[kind] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }
        }
        Assert.Contains("conv-autoencoder", created.Keys);

        foreach (var kind in new[] { "lightgbm", "cnn" })
        {
            await _app.Services.GetRequiredService<RunExecutor>().ExecuteAsync(created[kind], CancellationToken.None);
            var run = await user.Client.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/runs/{created[kind]}");
            Assert.True(run.GetProperty("state").GetString() == "Completed", $"{kind}: {run.GetProperty("failureReason")}");
        }
    }

    [Fact]
    public async Task RecipeSchema_RefusesOtherKeys_GivesRangesAndDescriptions_AndHidesThreads()
    {
        var (user, _, _) = await ProjectWithRecordingAsync();

        var schema = await user.Client.GetFromJsonAsync<JsonElement>("/api/trainers/lstm/recipe-schema");

        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        var properties = schema.GetProperty("properties");
        Assert.Equal(1, properties.GetProperty("epochs").GetProperty("minimum").GetDouble());
        Assert.Equal(10_000, properties.GetProperty("epochs").GetProperty("maximum").GetDouble());
        Assert.StartsWith("Passes over the training windows", properties.GetProperty("epochs").GetProperty("description").GetString());
        Assert.True(properties.GetProperty("threads").GetProperty("x-hidden").GetBoolean());
        Assert.False(properties.TryGetProperty("startFrom", out _));
        Assert.False(properties.GetProperty("window").GetProperty("additionalProperties").GetBoolean());
        Assert.True(properties.TryGetProperty("modelName", out _));
    }
}
