using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lodestone.Training;

/// <summary>Runs are ranked by their held-out test figures (final metrics), which are offered first as the metrics to rank by.</summary>
[Collection(AppHostsCollection.Name)]
public class LeaderboardTests : IClassFixture<TrainingAppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TrainingAppFactory _app;

    public LeaderboardTests(TrainingAppFactory app) => _app = app;

    [Fact]
    public async Task TheLeaderboard_RanksByFinalTestMetrics_LowerErrorsFirst_AndListsThemFirst()
    {
        var (client, _, _) = await _app.CreateUserAsync("leaderboard-user");
        var project = await TrainingAppFactory.CreateProjectAsync(client);
        var runs = $"/api/projects/{project}/runs";
        async Task<Guid> Finished(string name, double mae, double r2)
        {
            var run = await (await client.PostAsJsonAsync(runs, new { name, external = true })).Content.ReadFromJsonAsync<RunResponse>(Json);
            await client.PostAsJsonAsync($"{runs}/{run!.Id}/metrics", new { metrics = new[] { new { key = "loss", step = 0, value = mae * 2 } } });
            await client.PatchAsJsonAsync($"{runs}/{run.Id}", new { state = "Completed", finalMetrics = new Dictionary<string, double> { ["test_mae"] = mae, ["test_r2"] = r2 } });
            return run.Id;
        }
        var rough = await Finished("rough", 0.9, 0.5);
        var fine = await Finished("fine", 0.1, 0.95);

        var metrics = await client.GetFromJsonAsync<List<LeaderboardMetric>>($"{runs}/leaderboard/metrics", Json);
        var byError = await client.GetFromJsonAsync<List<LeaderboardEntry>>($"{runs}/leaderboard?metric=test_mae", Json);

        Assert.Equal(["test_mae", "test_r2", "loss"], metrics!.Select(m => m.Key));
        Assert.Equal([MetricGoal.Minimize, MetricGoal.Maximize, MetricGoal.Minimize], metrics!.Select(m => m.Goal));
        Assert.Equal([fine, rough], byError!.Select(e => e.Run.Id));
        Assert.Equal([0.1, 0.9], byError!.Select(e => e.Value));
        Assert.Equal(0.95, byError![0].Run.FinalMetrics["test_r2"]);
    }

    [Fact]
    public async Task TheTrainerCatalogue_ListsDriftAndCalibration_WithTheirSchemas()
    {
        var (client, _, _) = await _app.CreateUserAsync("catalogue-user");

        var all = await client.GetFromJsonAsync<JsonElement>("/api/trainers");
        var drift = await client.GetFromJsonAsync<JsonElement>("/api/trainers/drift");
        var unknown = await client.GetAsync("/api/trainers/no-such-kind");

        var kinds = all.EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Contains("drift", kinds);
        Assert.Contains("calibration", kinds);
        Assert.Equal("Regression", drift.GetProperty("task").GetString());
        Assert.Equal(5, drift.GetProperty("schema").GetProperty("properties").GetProperty("thresholdPercent").GetProperty("default").GetDouble());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public void MetricGoals_GuessTheDirection_FromTheName()
    {
        Assert.Equal(MetricGoal.Minimize, MetricGoals.For("val_loss"));
        Assert.Equal(MetricGoal.Minimize, MetricGoals.For("test_far"));
        Assert.Equal(MetricGoal.Maximize, MetricGoals.For("test_macro_f1"));
        Assert.Equal(MetricGoal.Maximize, MetricGoals.For("test_r2"));
    }
}
