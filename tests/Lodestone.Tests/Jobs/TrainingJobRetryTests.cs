using System.Net.Http.Json;
using Hangfire;
using Lodestone.Data;
using Lodestone.Models;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Jobs;

/// <summary>
/// A training job that fails before it holds its run (the store unreachable as it claims the run) is tried again, so
/// the run does not stay queued with no job left to train it.
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class TrainingJobRetryTests
{
    [Fact]
    public async Task A_run_whose_claim_fails_is_trained_when_its_job_is_tried_again()
    {
        using var app = new TrainingAppFactory();
        var (client, _, _) = await app.CreateUserAsync();
        var project = await TrainingAppFactory.CreateProjectAsync(client);
        // The store refuses to mark any run preparing, as a database that has gone away for a moment would.
        await ExecuteSqlAsync(app, "CREATE TRIGGER refuse_claims BEFORE UPDATE OF State ON TrainingRuns WHEN NEW.State = 'Preparing' " +
            "BEGIN SELECT RAISE(ABORT, 'the store is unavailable'); END;");
        var runs = $"/api/projects/{project}/runs";
        var created = await ModelVersionsApiTests.Read<RunResponse>(await client.PostAsJsonAsync(runs, new
        {
            trainerKind = LogisticRegressionTrainer.KindName, config = new { epochs = 2 }, datasetIds = new[] { await app.CreateDatasetRowAsync(project) },
        }));

        var jobs = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var giveUp = DateTime.UtcNow.AddMinutes(1);
        while (jobs.ScheduledCount() + jobs.FailedCount() == 0)
        {
            Assert.True(DateTime.UtcNow < giveUp, "The job never failed on the refused claim.");
            await Task.Delay(50);
        }
        Assert.Equal(TrainingRunState.Queued, (await ModelVersionsApiTests.Read<RunResponse>(await client.GetAsync($"{runs}/{created.Id}"))).State);
        await ExecuteSqlAsync(app, "DROP TRIGGER refuse_claims;");

        var run = await TrainingApiTests.WaitForAsync(client, $"{runs}/{created.Id}", r => r.State is TrainingRunState.Completed or TrainingRunState.Failed);
        Assert.True(run.State == TrainingRunState.Completed, $"The run ended {run.State}: {run.FailureReason}");
        Assert.Equal(2, run.Progress.Completed);
    }

    private static async Task ExecuteSqlAsync(TrainingAppFactory app, string sql)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LodestoneDb>().Database.ExecuteSqlRawAsync(sql);
    }
}
