using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;
using Lodestone.Models;
using Lodestone.Training;

namespace Lodestone.Deployments;

/// <summary>Deployments through the API: deploy, list, predict (JSON and CSV), bad input, roles, undeploy, version predict and benchmark.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class DeploymentsApiTests(ServedModelsFixture served) : IClassFixture<ServedModelsFixture>
{
    private HttpClient Client => served.Owner.Client;
    private string Deployments => $"/api/projects/{served.Project}/deployments";

    [Fact]
    public async Task A_deployed_version_is_listed_as_serving_and_answers_each_window_with_its_label_confidence_and_version()
    {
        var created = await Client.PostAsJsonAsync(Deployments, new { name = "fan-live", model = ServedModelsFixture.Model, version = 2 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var answer = await PredictAsync("fan-live", ServedModelsFixture.Body(ServedModelsFixture.Window(fault: true, 1), ServedModelsFixture.Window(fault: false, 2)));
        var listed = await ModelVersionsApiTests.Read<List<DeploymentResponse>>(await Client.GetAsync(Deployments));

        Assert.Equal(("fan", 2, "deployment", "fan-live"), (answer.GetProperty("model").GetString(), answer.GetProperty("version").GetInt32(),
            answer.GetProperty("source").GetString(), answer.GetProperty("deployment").GetString()));
        var predictions = answer.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(["Anomaly", "Normal"], predictions.Select(p => p.GetProperty("labels")[0].GetString()));
        Assert.All(predictions, p => Assert.InRange(p.GetProperty("confidence").GetDouble(), 0.5, 1));
        var live = Assert.Single(listed, d => d.Name == "fan-live");
        Assert.Equal(("serving", 2, served.V2.Id), (live.Status, live.Serving!.Number, live.Serving.Id));
        Assert.True(live.Requests!.LastMinute >= 1);
    }

    [Fact]
    public async Task CSV_rows_are_cut_into_the_models_windows_and_each_window_is_answered()
    {
        await DeployAsync("fan-csv", version: 1);
        var csv = new StringBuilder("timestamp,b_x,b_y,b_z\n");
        for (var i = 0; i < 3 * ServedModelsFixture.Length + 5; i++)
            csv.Append($"2026-04-01T00:00:{i % 60:00}Z,{(i >= 40 ? 23.5 : 20.5)},-4.5,{(i >= 40 ? 36.5 : 40.5)}\n");

        var response = await Client.PostAsync($"{Deployments}/fan-csv/predict", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        var answer = await ModelVersionsApiTests.Read<JsonElement>(response);
        // 65 rows in windows of 20 every 20: three windows, the tail left out.
        Assert.Equal(["Normal", "Normal", "Anomaly"], answer.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("labels")[0].GetString()));
        Assert.Equal(1, answer.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_window_missing_a_channel_or_of_the_wrong_length_is_a_400_naming_the_window_and_channel()
    {
        await DeployAsync("fan-strict", version: 2);
        var missing = ServedModelsFixture.Window(false, 3);
        missing.Remove("b_y");
        var wrongLength = ServedModelsFixture.Window(false, 4);
        wrongLength["b_z"] = wrongLength["b_z"][..19];

        var noChannel = await Client.PostAsJsonAsync($"{Deployments}/fan-strict/predict", ServedModelsFixture.Body(ServedModelsFixture.Window(false, 5), missing));
        var shortWindow = await Client.PostAsJsonAsync($"{Deployments}/fan-strict/predict", ServedModelsFixture.Body(wrongLength));
        var notJson = await Client.PostAsync($"{Deployments}/fan-strict/predict", new StringContent("{\"windows\": [", Encoding.UTF8, "application/json"));
        var badCsv = await Client.PostAsync($"{Deployments}/fan-strict/predict", new StringContent("b_x,b_y,b_z\n1,2,3\n1,two,3\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, noChannel.StatusCode);
        Assert.Contains("windows[1]: channel 'b_y' is missing", await noChannel.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, shortWindow.StatusCode);
        Assert.Contains("windows[0].b_z: has 19 values; the model's windows have 20", await shortWindow.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCsv.StatusCode);
        Assert.Contains("line 3: 'b_y' is 'two', not a finite number", await badCsv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_viewer_reads_and_predicts_but_cannot_deploy_and_a_non_member_gets_404()
    {
        await DeployAsync("fan-shared", version: 1);
        var viewer = await served.App.CreateUserAsync();
        var stranger = await served.App.CreateUserAsync();
        (await Client.PutAsJsonAsync($"/api/projects/{served.Project}/members/{viewer.UserName}", new { role = "Viewer" })).EnsureSuccessStatusCode();
        var body = ServedModelsFixture.Body(ServedModelsFixture.Window(false, 6));

        var viewerPredicts = await viewer.Client.PostAsJsonAsync($"{Deployments}/fan-shared/predict", body);
        var viewerDeploys = await viewer.Client.PostAsJsonAsync(Deployments, new { name = "mine", model = "fan", version = 1 });
        var viewerSwitches = await viewer.Client.PatchAsJsonAsync($"{Deployments}/fan-shared", new { version = 2 });
        var strangerPredicts = await stranger.Client.PostAsJsonAsync($"{Deployments}/fan-shared/predict", body);
        var strangerLists = await stranger.Client.GetAsync(Deployments);

        Assert.Equal(HttpStatusCode.OK, viewerPredicts.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (viewerDeploys.StatusCode, viewerSwitches.StatusCode));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (strangerPredicts.StatusCode, strangerLists.StatusCode));
    }

    [Fact]
    public async Task Deploying_a_version_that_does_not_exist_or_a_taken_name_is_refused()
    {
        await DeployAsync("fan-once", version: 1);

        var noVersion = await Client.PostAsJsonAsync(Deployments, new { name = "fan-nine", model = "fan", version = 9 });
        var both = await Client.PostAsJsonAsync(Deployments, new { name = "fan-both", model = "fan", version = 1, alias = "production" });
        var taken = await Client.PostAsJsonAsync(Deployments, new { name = "fan-once", model = "fan", version = 2 });

        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Contains("no version 9 of a model 'fan'", await noVersion.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task An_undeployed_name_answers_404_and_can_be_deployed_again()
    {
        await DeployAsync("fan-brief", version: 1);
        var body = ServedModelsFixture.Body(ServedModelsFixture.Window(false, 7));

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"{Deployments}/fan-brief")).StatusCode);
        var afterUndeploy = await Client.PostAsJsonAsync($"{Deployments}/fan-brief/predict", body);
        await DeployAsync("fan-brief", version: 2);
        var again = await PredictAsync("fan-brief", body);

        Assert.Equal(HttpStatusCode.NotFound, afterUndeploy.StatusCode);
        Assert.Equal(2, again.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_version_predicts_directly_and_its_benchmark_is_stored_and_shown_on_its_GET()
    {
        var version = $"/api/projects/{served.Project}/models/{ServedModelsFixture.Model}/versions/1";

        var direct = await ModelVersionsApiTests.Read<JsonElement>(
            await Client.PostAsJsonAsync($"{version}/predict", ServedModelsFixture.Body(ServedModelsFixture.Window(true, 8))));
        var measured = await ModelVersionsApiTests.Read<Benchmark>(await Client.PostAsync($"{version}/benchmark?runs=50", null));
        var shown = await ModelVersionsApiTests.Read<VersionWithBenchmark>(await Client.GetAsync(version));

        Assert.Equal(("version", 1), (direct.GetProperty("source").GetString(), direct.GetProperty("version").GetInt32()));
        Assert.Equal(50, measured.Runs);
        Assert.True(measured.MinMs > 0 && measured.MinMs <= measured.MeanMs && measured.MeanMs <= measured.MaxMs && measured.P95Ms <= measured.MaxMs,
            $"min {measured.MinMs}, mean {measured.MeanMs}, p95 {measured.P95Ms}, max {measured.MaxMs}");
        Assert.Equal([1, 32, 256], measured.Throughput.Select(t => t.Batch));
        Assert.All(measured.Throughput, t => Assert.True(t.WindowsPerSecond > 0));
        Assert.Equal(Environment.ProcessorCount, measured.Hardware.Cores);
        Assert.NotEmpty(measured.Hardware.Os);
        Assert.NotNull(shown.Benchmark);
        Assert.Equal(measured.MeanMs, shown.Benchmark.MeanMs, 1e-9);
    }

    private sealed record Benchmark(int Runs, double MinMs, double MeanMs, double P95Ms, double MaxMs, List<BatchThroughput> Throughput, BenchmarkHardware Hardware);

    private sealed record VersionWithBenchmark(Guid Id, int Number, Benchmark? Benchmark);

    private async Task DeployAsync(string name, int version) =>
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync(Deployments, new { name, model = ServedModelsFixture.Model, version })).StatusCode);

    private async Task<JsonElement> PredictAsync(string name, object body) =>
        await ModelVersionsApiTests.Read<JsonElement>(await Client.PostAsJsonAsync($"{Deployments}/{name}/predict", body));
}
