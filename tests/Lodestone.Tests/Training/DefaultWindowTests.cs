using System.Net.Http.Json;
using Lodestone.Infrastructure;
using Lodestone.Models;

namespace Lodestone.Training;

/// <summary>
/// A run that sets no window length on a short recording of slow data (SKAB's size: about 1,150 rows at 1 Hz) still gets
/// windows enough to train and to be judged: the window that spans the channels' memory (256 samples here) would leave
/// 7 windows, too few to hold out a test part, so the run would end without a report.
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class DefaultWindowTests
{
    [Fact]
    public async Task A_run_without_a_window_length_on_a_SKAB_sized_file_trains_on_enough_windows_and_reports()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var dataset = (await LodestoneAppFactory.UploadAsync(user, project, SkabSizedRecording.Csv(), "valve.csv")).Dataset.Id;

        var run = await Models.ModelVersionsApiTests.TrainAsync(user.Client, project,
            new { trainerKind = "isolation-forest", datasetIds = new[] { dataset }, config = new { trees = 20, window = new { labelChannel = "anomaly" } } });

        var version = await Models.ModelVersionsApiTests.Read<ModelVersionResponse>(
            await user.Client.GetAsync($"/api/projects/{project}/models/versions/{run.ModelVersion!.Id}"));
        var windows = (1_150 - version.Window.Length) / version.Window.Stride + 1;
        Assert.True(windows >= 100, $"{version.Window.Length}-sample windows every {version.Window.Stride}: {windows} windows");
        Assert.Contains("test_f1", run.FinalMetrics.Keys);
        // The start form's suggestion gives the same window.
        var suggestion = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/suggestion",
            new { trainerKind = "isolation-forest", datasetIds = new[] { dataset }, labelChannel = "anomaly" });
        var suggested = (await suggestion.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("config").GetProperty("window");
        Assert.Equal((version.Window.Length, version.Window.Stride), (suggested.GetProperty("length").GetInt32(), suggested.GetProperty("stride").GetInt32()));
        var report = await user.Client.GetStringAsync($"/api/projects/{project}/runs/{run.Id}/artifacts?path=report");
        Assert.Contains("report/report.html", report);
    }
}
