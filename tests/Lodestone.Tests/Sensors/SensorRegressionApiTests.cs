using System.Net;
using System.Net.Http.Json;
using Lodestone.Infrastructure;
using Lodestone.Training;

namespace Lodestone.Sensors;

/// <summary>
/// Drift and calibration through the API: predictions fall back (and say so) until a run of the kind has trained on the
/// sensor, then come from its model, and the run's held-out report gives MAE, RMSE and R².
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class SensorRegressionApiTests
{
    private static readonly DateTime Start = new(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    public sealed record Forecast(string Sensor, string Channel, double DriftPercent, bool Drifted, string Source, string? Fallback, Guid? RunId, int Readings);

    [Fact]
    public async Task Calibrate_FallsBackToTheLastOffset_UntilACalibrationRunHasTrained()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var sensor = $"/api/projects/{project}/sensors/probe-1";
        await user.Client.PutAsJsonAsync(sensor, new { kind = "Temperature", unit = "°C" });
        // The probe reads raw; the truth is 2·raw + 1.
        for (var i = 0; i < 12; i++)
        {
            var added = await user.Client.PostAsJsonAsync($"{sensor}/calibrations", new { time = Start.AddDays(i), reference = 2.0 * i + 1, raw = (double)i });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var before = await Calibrate(user.Client, sensor, 20);
        var run = await TrainAsync(user.Client, project, "calibration", new { sensor = "probe-1" });
        var after = await Calibrate(user.Client, sensor, 20);

        Assert.Equal(("fallback", "last-calibration", null), (before.Source, before.Fallback, before.RunId));
        Assert.Equal(32, before.Values[0], 1e-9); // 20 + the last offset, 23 − 11
        Assert.Equal(("model", (string?)null, (Guid?)run.Id), (after.Source, after.Fallback, after.RunId));
        Assert.Equal(41, after.Values[0], 1e-6);
        Assert.True(run.FinalMetrics["test_mae"] < 1e-6, $"test_mae {run.FinalMetrics["test_mae"]}");
        Assert.Contains("test_r2", run.FinalMetrics.Keys);
        var report = await user.Client.GetAsync($"/api/projects/{project}/runs/{run.Id}/artifacts/report/plots/predicted-vs-actual.png");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
    }

    [Fact]
    public async Task Drift_ComesFromALinearTrend_UntilADriftRunHasTrainedOnTheSensorsReadings()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var batch = Enumerable.Range(0, 80).Select(i => new
        {
            sensorId = "pump-7",
            timestamp = Start.AddMinutes(i).ToString("O"),
            values = new Dictionary<string, double> { ["pressure"] = 2.0 + 0.01 * i + (i % 2 == 0 ? 0.001 : -0.001), ["temperature"] = 40 },
        }).ToList();
        Assert.Equal(HttpStatusCode.OK, (await user.Client.PostAsJsonAsync($"/api/projects/{project}/readings", batch)).StatusCode);
        var drift = $"/api/projects/{project}/sensors/pump-7/drift?channel=pressure";

        var ambiguous = await user.Client.GetAsync($"/api/projects/{project}/sensors/pump-7/drift");
        var before = await user.Client.GetFromJsonAsync<Forecast>(drift);
        var run = await TrainAsync(user.Client, project, "drift", new { sensor = "pump-7", channel = "pressure", baseline = 2.0 });
        var after = await user.Client.GetFromJsonAsync<Forecast>(drift);

        Assert.Equal(HttpStatusCode.BadRequest, ambiguous.StatusCode);
        Assert.Contains("pressure, temperature", await ambiguous.Content.ReadAsStringAsync());
        Assert.Equal(("fallback", "linear-trend", 80), (before!.Source, before.Fallback, before.Readings));
        Assert.Equal(("model", (string?)null, (Guid?)run.Id), (after!.Source, after.Fallback, after.RunId));
        Assert.Equal(40, after.DriftPercent, 1.0); // the next reading, 2.80, is 40 % above 2.0
        Assert.True(after.Drifted);
        Assert.True(run.FinalMetrics["test_r2"] > 0.9, $"test_r2 {run.FinalMetrics["test_r2"]}");
    }

    [Fact]
    public async Task ADriftRun_LearnsFromADatasetChannel_EachWindowCountingAsOneReading()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        using var csv = new MemoryStream();
        Samples.MagnetometerRecording.Plan(Samples.SampleRecordings.Small).WriteCsv(csv);
        var uploaded = await LodestoneAppFactory.UploadAsync(user, project, csv.ToArray(), "site.csv");

        var created = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new
        {
            trainerKind = "drift",
            datasetIds = new[] { uploaded.Dataset.Id },
            config = new { channel = "b_z", window = new { length = 25, stride = 25, channels = new[] { "b_z" } } },
        });
        var started = await created.Content.ReadFromJsonAsync<RunResponse>();
        var run = await TrainingApiTests.WaitForAsync(user.Client, $"/api/projects/{project}/runs/{started!.Id}",
            r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);

        Assert.True(run.State == TrainingRunState.Completed, $"The run ended {run.State}: {run.FailureReason}");
        Assert.True(double.IsFinite(run.FinalMetrics["test_mae"]), string.Join(", ", run.FinalMetrics));
    }

    [Fact]
    public async Task SensorPredictions_AnswerNotFound_ForASensorTheProjectDoesNotHave()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);

        var drift = await user.Client.GetAsync($"/api/projects/{project}/sensors/nowhere/drift");
        var calibrate = await user.Client.PostAsJsonAsync($"/api/projects/{project}/sensors/nowhere/calibrate", new { values = new[] { 1.0 } });
        var record = await user.Client.PostAsJsonAsync($"/api/projects/{project}/sensors/nowhere/calibrations", new { time = Start, reference = 1.0 });

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (drift.StatusCode, calibrate.StatusCode, record.StatusCode));
    }

    private static async Task<(List<double> Values, string Source, string? Fallback, Guid? RunId)> Calibrate(HttpClient client, string sensor, double raw)
    {
        var response = await client.PostAsJsonAsync($"{sensor}/calibrate", new { values = new[] { raw } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<CalibrationResult>();
        return ([.. result!.Corrected], result.Source, result.Fallback, result.RunId);
    }

    private static async Task<RunResponse> TrainAsync(HttpClient client, Guid project, string kind, object config)
    {
        var created = await client.PostAsJsonAsync($"/api/projects/{project}/runs", new { trainerKind = kind, config });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var started = await created.Content.ReadFromJsonAsync<RunResponse>();
        var run = await TrainingApiTests.WaitForAsync(client, $"/api/projects/{project}/runs/{started!.Id}",
            r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);
        Assert.True(run.State == TrainingRunState.Completed, $"The {kind} run ended {run.State}: {run.FailureReason}");
        return run;
    }
}
