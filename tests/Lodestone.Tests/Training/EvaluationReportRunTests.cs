using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Datasets;
using Lodestone.Infrastructure;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Training;

/// <summary>A fact that skips, saying why, when the shared SKAB recordings are not beside an ancestor of the test folder.</summary>
public sealed class SkabRecordingFactAttribute : FactAttribute
{
    public SkabRecordingFactAttribute()
    {
        if (EvaluationReportRunTests.FindValveRecording() is null)
            Skip = "shared/datasets/skab/valve1/0.csv not found beside an ancestor of the test folder.";
    }
}

/// <summary>A run on a recording with a ground-truth channel holds out its latest part and reports how it did there.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class EvaluationReportRunTests
{
    public static string? FindValveRecording()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "shared", "datasets", "skab", "valve1", "0.csv");
            if (File.Exists(file)) return file;
        }
        return null;
    }

    [SkabRecordingFact]
    public async Task ARunWithALabelChannel_WritesAnEvaluationReport_AndTestMetrics()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        // changepoint marks fault onsets, a second answer key: it is left out of the channels.
        var mapping = JsonSerializer.Serialize(new
        {
            timestampColumn = "datetime",
            separator = ";",
            channels = new[] { "Accelerometer1RMS", "Accelerometer2RMS", "Current", "Pressure", "Temperature", "Thermocouple", "Voltage", "Volume Flow RateRMS", "anomaly" },
        });
        var uploaded = await LodestoneAppFactory.UploadAsync(user, project, await File.ReadAllBytesAsync(FindValveRecording()!), "valve1-0.csv", mapping);

        var created = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs", new
        {
            name = "valve faults",
            trainerKind = IsolationForestTrainer.KindName,
            datasetIds = new[] { uploaded.Dataset.Id },
            config = new { window = new { length = 1, stride = 1, labelChannel = "anomaly" }, contamination = 0.05, seed = 0 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var started = await created.Content.ReadFromJsonAsync<RunResponse>();

        var run = await TrainingApiTests.WaitForAsync(user.Client, $"/api/projects/{project}/runs/{started!.Id}",
            r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);

        Assert.True(run.State == TrainingRunState.Completed, $"The run ended {run.State}: {run.FailureReason}");
        var report = await user.Client.GetStringAsync($"/api/projects/{project}/runs/{run.Id}/artifacts?path=report");
        Assert.Contains("report/report.html", report);
        Assert.Contains("report/report.json", report);
        var html = await user.Client.GetStringAsync($"/api/projects/{project}/runs/{run.Id}/artifacts/report/report.html");
        Assert.Contains("<svg", html);
        Assert.True(run.FinalMetrics.TryGetValue("test_f1", out var f1), $"Final metrics: {string.Join(", ", run.FinalMetrics.Keys)}");
        Assert.InRange(f1, 0, 1);
        Assert.Contains("test_far", run.FinalMetrics.Keys);

        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user.UserName, ["password"] = Infrastructure.LodestoneAppFactory.Password, ["returnUrl"] = "/projects",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var page = await browser.GetStringAsync($"/projects/{project}/training/runs/{run.Id}");
        Assert.Contains("Evaluation report", page);
        // The held-out plots are the report's own SVGs, drawn into the page.
        Assert.Contains("class=\"run-report-plot\"", page);
        Assert.Contains("<svg style=\"max-width:100%;height:auto\"", page);
    }
}
