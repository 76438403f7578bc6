using System.Net;
using System.Net.Http.Json;
using Lodestone.Infrastructure;
using Lodestone.Sensors;
using Lodestone.Training;

namespace Lodestone.Deployments;

/// <summary>A deployment naming a sensor answers that sensor's predictions before its newest run does; a sensor nobody serves gets the fallback.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class SensorDeploymentTests
{
    private static readonly DateTime Start = new(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_sensors_calibration_comes_from_its_deployment_then_its_newest_run_and_without_either_from_the_fallback()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var probe = $"/api/projects/{project}/sensors/probe-1";
        await user.Client.PutAsJsonAsync(probe, new { kind = "Temperature", unit = "°C" });
        await user.Client.PutAsJsonAsync($"/api/projects/{project}/sensors/probe-2", new { kind = "Temperature", unit = "°C" });
        // First the truth is 2·raw + 1; after a repair it is raw + 5, and a second run learns that.
        for (var i = 0; i < 8; i++) await Calibration(user.Client, probe, Start.AddDays(i), 2.0 * i + 1, i);
        var first = await Train(user.Client, project);
        for (var i = 0; i < 30; i++) await Calibration(user.Client, probe, Start.AddDays(10 + i), i + 5.0, i);
        var second = await Train(user.Client, project);
        var model = first.ModelVersion!.ModelName;

        var newestRun = await Calibrate(user.Client, probe);
        var deployed = await user.Client.PostAsJsonAsync($"/api/projects/{project}/deployments",
            new { name = "probe-1-calibration", model, version = first.ModelVersion.Number, sensor = "probe-1" });
        var fromDeployment = await Calibrate(user.Client, probe);
        var unserved = await Calibrate(user.Client, $"/api/projects/{project}/sensors/probe-2");

        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        Assert.Equal(("model", second.Id, (string?)null), (newestRun.Source, newestRun.RunId, newestRun.Deployment));
        Assert.Equal(25, newestRun.Corrected[0], 0.5); // raw 20 + 5
        Assert.Equal(("model", first.Id, "probe-1-calibration"), (fromDeployment.Source, fromDeployment.RunId, fromDeployment.Deployment));
        Assert.Equal(41, fromDeployment.Corrected[0], 0.5); // 2 · 20 + 1
        Assert.Equal(("fallback", "identity", (string?)null), (unserved.Source, unserved.Fallback, unserved.Deployment));
    }

    private static async Task Calibration(HttpClient client, string sensor, DateTime time, double reference, double raw) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"{sensor}/calibrations", new { time, reference, raw })).StatusCode);

    private static async Task<CalibrationResult> Calibrate(HttpClient client, string sensor)
    {
        var response = await client.PostAsJsonAsync($"{sensor}/calibrate", new { values = new[] { 20.0 } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CalibrationResult>())!;
    }

    private static async Task<RunResponse> Train(HttpClient client, Guid project)
    {
        var created = await client.PostAsJsonAsync($"/api/projects/{project}/runs", new { trainerKind = "calibration", config = new { sensor = "probe-1" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var started = await created.Content.ReadFromJsonAsync<RunResponse>();
        var run = await TrainingApiTests.WaitForAsync(client, $"/api/projects/{project}/runs/{started!.Id}",
            r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);
        Assert.True(run.State == TrainingRunState.Completed, $"The calibration run ended {run.State}: {run.FailureReason}");
        return run;
    }
}
