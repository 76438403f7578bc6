using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Lodestone.Infrastructure;
using Lodestone.Training;

namespace Lodestone.Models;

/// <summary>Per-sensor models: a run over one sensor's rows of a recording from two sensors becomes <c>{kind}_{sensor}</c>.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class PerSensorModelTests
{
    [Fact]
    public async Task A_run_over_one_sensors_rows_reads_only_them_and_becomes_the_model_kind_underscore_sensor()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var dataset = (await LodestoneAppFactory.UploadAsync(user, project, TwoSensors(north: 400, south: 200), "quay.csv")).Dataset.Id;
        var config = new { trees = 20, window = new { length = 20, stride = 20, sensor = "south" } };

        var run = await ModelVersionsApiTests.TrainAsync(user.Client, project,
            new { trainerKind = "isolation-forest", datasetIds = new[] { dataset }, config });
        var version = await ModelVersionsApiTests.Read<ModelVersionResponse>(
            await user.Client.GetAsync($"/api/projects/{project}/models/versions/{run.ModelVersion!.Id}"));

        Assert.Equal("isolation-forest_south", version.ModelName);
        Assert.Equal(200 / 20, Assert.Single(version.Datasets).Windows);
    }

    [Fact]
    public async Task A_run_naming_a_sensor_the_dataset_never_recorded_fails_and_lists_the_sensors_it_has()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var dataset = (await LodestoneAppFactory.UploadAsync(user, project, TwoSensors(north: 100, south: 100), "quay.csv")).Dataset.Id;

        var created = await ModelVersionsApiTests.Read<RunResponse>(await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs",
            new { trainerKind = "isolation-forest", datasetIds = new[] { dataset }, config = new { window = new { length = 20, sensor = "east" } } },
            ModelVersionsApiTests.Json));
        var run = await TrainingApiTests.WaitForAsync(user.Client, $"/api/projects/{project}/runs/{created.Id}", r => r.State is TrainingRunState.Failed or TrainingRunState.Completed);

        Assert.Equal(TrainingRunState.Failed, run.State);
        Assert.Contains("no rows of sensor 'east'", run.FailureReason);
        Assert.Contains("north", run.FailureReason);
    }

    /// <summary>A magnetometer recording in which two sensors take turns, each with its own rows.</summary>
    private static byte[] TwoSensors(int north, int south)
    {
        var random = new Random(7);
        var csv = new StringBuilder("timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id\n");
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < Math.Max(north, south); i++)
            foreach (var (sensor, rows, offset) in new[] { ("north", north, 0), ("south", south, 5) })
                if (i < rows)
                    csv.Append(CultureInfo.InvariantCulture,
                        $"{start.AddMilliseconds(10 * i + offset):yyyy-MM-ddTHH:mm:ss.fffZ},{20000 + random.NextDouble():F3},{1200 + random.NextDouble():F3},{44000 + random.NextDouble():F3},48.1,11.5,517.8,0.1,0.2,0.3,{sensor}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
