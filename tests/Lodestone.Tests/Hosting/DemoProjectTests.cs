using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Data;
using Lodestone.Infrastructure;
using Lodestone.Models;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Hosting;

/// <summary>
/// <c>serve --demo</c> makes a project whose recording carries its ground truth as truth channels, so that a person's
/// first classifier trains and first detector is judged on it without labelling anything.
/// </summary>
[Collection(Training.AppHostsCollection.Name)]
public sealed class DemoProjectTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task TheDemo_TrainsAClassifierWithAReport_AndEvaluatesADetector_OnItsGroundTruth()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Demo"] = "true", ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        Guid project;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            project = await scope.ServiceProvider.GetRequiredService<LodestoneDb>().Projects.Where(p => p.Name == DemoProject.Name).Select(p => p.Id).SingleAsync();
            await scope.ServiceProvider.GetRequiredService<ProjectService>().SetMemberAsync(project, user.Id, ProjectRole.Editor);
        }
        var datasets = await user.Client.GetFromJsonAsync<JsonElement>($"/api/projects/{project}/datasets");
        var dataset = datasets.EnumerateArray().Single();
        var channels = dataset.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.True(channels["anomaly"].GetProperty("truth").GetBoolean());
        Assert.True(channels["event"].GetProperty("truth").GetBoolean());
        Assert.Equal((0, 1), (channels["anomaly"].GetProperty("min").GetDouble(), channels["anomaly"].GetProperty("max").GetDouble()));
        Assert.False(channels["b_x"].GetProperty("truth").GetBoolean());
        var datasetIds = new[] { dataset.GetProperty("id").GetGuid() };

        var classifier = await Models.ModelVersionsApiTests.TrainAsync(user.Client, project, new
        {
            trainerKind = "lightgbm", datasetIds,
            config = new { iterations = 20, window = new { length = 128, stride = 128, labelChannel = "anomaly" } },
        });
        var detector = await Models.ModelVersionsApiTests.TrainAsync(user.Client, project, new
        {
            trainerKind = "isolation-forest", datasetIds,
            config = new { trees = 20, window = new { length = 128, stride = 128, labelChannel = "anomaly" } },
        });

        output.WriteLine($"lightgbm test_balanced_accuracy {classifier.FinalMetrics["test_balanced_accuracy"]:0.###}, isolation-forest test_f1 {detector.FinalMetrics["test_f1"]:0.###}");
        var report = await user.Client.GetStringAsync($"/api/projects/{project}/runs/{classifier.Id}/artifacts?path=report");
        Assert.Contains("report/report.html", report);
        Assert.InRange(classifier.FinalMetrics["test_balanced_accuracy"], 0.6, 1);
        Assert.InRange(detector.FinalMetrics["test_f1"], 0.01, 1);
        Assert.Contains("test_far", detector.FinalMetrics.Keys);
        var version = await Models.ModelVersionsApiTests.Read<ModelVersionResponse>(
            await user.Client.GetAsync($"/api/projects/{project}/models/versions/{classifier.ModelVersion!.Id}"));
        // The other answer key is no input either.
        Assert.DoesNotContain("event", version.Window.Channels);
        Assert.DoesNotContain("anomaly", version.Window.Channels);
        Assert.Contains("b_x", version.Window.Channels);
        Assert.Equal(["Anomaly", "Normal"], version.Labels.Order());
    }
}
