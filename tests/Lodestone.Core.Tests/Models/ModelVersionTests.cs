using System.Text.Json;
using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Trainers.Anomaly;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Models;

public class ModelVersionTests
{
    private static readonly object Config = new { epochs = 3, learningRate = 0.5, window = new { length = 32, stride = 16 } };

    [Fact]
    public async Task A_completed_run_registers_version_1_with_its_datasets_labels_window_and_metrics()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var dataset = Guid.NewGuid();

        var run = await TrainAsync(engine, LogisticRegressionTrainer.KindName, [dataset], Config);

        var version = await ProducedByAsync(engine, run.Id);
        Assert.Equal((LogisticRegressionTrainer.KindName, 1), (version.ModelName, version.Number));
        Assert.Null(version.ParentVersionId);
        var used = Assert.Single(version.Datasets);
        Assert.Equal((dataset, 200, (Guid?)null), (used.DatasetId, used.Windows, used.InheritedFromVersionId));
        Assert.True(used.TrainWindows is > 0 and < 200, "the held-out test part is not fitted on");
        Assert.Equal(["a", "b"], version.Labels);
        Assert.Equal((32, 16), (version.Window.Length, version.Window.Stride));
        Assert.Equal(["ch0", "ch1", "ch2"], version.Window.Channels);
        Assert.Equal(run.FinalMetrics, version.Metrics);
        Assert.True(version.Metrics["accuracy"] > 0.9, $"accuracy {version.Metrics["accuracy"]}");
        Assert.True(File.Exists(Path.Combine(Registry(engine).ArtifactFolder(version), "weights.txt")));
    }

    [Fact]
    public Task Runs_continuing_from_versions_refit_on_every_earlier_dataset_and_record_where_each_came_from() => RefitChainAsync(postgres: false);

    [PostgresFact]
    public Task Runs_continuing_from_versions_refit_on_every_earlier_dataset_and_record_where_each_came_from_on_PostgreSQL() => RefitChainAsync(postgres: true);

    private static async Task RefitChainAsync(bool postgres)
    {
        await using var engine = await EngineHarness.CreateAsync(postgres);
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var v1 = await ProducedByAsync(engine, (await TrainAsync(engine, LogisticRegressionTrainer.KindName, [first], Config)).Id);

        // No window settings: the parent's apply.
        var run2 = await TrainAsync(engine, LogisticRegressionTrainer.KindName, [second], new { epochs = 3 }, v1.Id);
        var v2 = await ProducedByAsync(engine, run2.Id);
        var run3 = await TrainAsync(engine, LogisticRegressionTrainer.KindName, [third], new { epochs = 3 }, v2.Id);
        var v3 = await ProducedByAsync(engine, run3.Id);

        var windows = engine.Services.GetRequiredService<IWindowSource>() as GeneratedWindows;
        var request = windows!.Requests.Single(r => r.RunId == run2.Id);
        Assert.Equal([first, second], request.DatasetIds);
        Assert.Equal(32, request.Recipe.Window.Length);
        Assert.Equal(16, request.Recipe.Window.Stride);
        Assert.Equal((2, v1.Id), (v2.Number, v2.ParentVersionId));
        Assert.Equal((3, v2.Id), (v3.Number, v3.ParentVersionId));
        Assert.Equal([(first, v1.Id), (second, (Guid?)v2.Id), (third, null)],
            v3.Datasets.Select(d => (d.DatasetId, d.InheritedFromVersionId)));
        Assert.Equal([DatasetName(first), DatasetName(second), DatasetName(third)], v3.Datasets.Select(d => d.Name));
        Assert.Equal(200, v3.Datasets.Sum(d => d.Windows));
        Assert.Equal([v2.Id, v1.Id], (await Registry(engine).AncestorsAsync(v3)).Select(v => v.Id));
        var logs = await engine.InScopeAsync(s => s.GetRequiredService<TrainingService>().LogsAsync(run3.Id));
        Assert.Contains(logs, l => l.Message.Contains($"Continues from {LogisticRegressionTrainer.KindName} v2"));
    }

    [Fact]
    public async Task A_model_named_in_the_config_is_numbered_apart_and_its_name_passes_to_continuing_runs()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var v1 = await ProducedByAsync(engine, (await TrainAsync(engine, LogisticRegressionTrainer.KindName, [Guid.NewGuid()], new { epochs = 2, modelName = "pump-classifier" })).Id);
        var unnamed = await ProducedByAsync(engine, (await TrainAsync(engine, LogisticRegressionTrainer.KindName, [Guid.NewGuid()], new { epochs = 2 })).Id);
        var v2 = await ProducedByAsync(engine, (await TrainAsync(engine, LogisticRegressionTrainer.KindName, [Guid.NewGuid()], new { epochs = 2 }, v1.Id)).Id);

        Assert.Equal(("pump-classifier", 1), (v1.ModelName, v1.Number));
        Assert.Equal((LogisticRegressionTrainer.KindName, 1), (unnamed.ModelName, unnamed.Number));
        Assert.Equal(("pump-classifier", 2), (v2.ModelName, v2.Number));
    }

    [Fact]
    public async Task CreateInternal_refuses_a_parent_of_another_kind_or_one_that_is_not_in_the_project()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var v1 = await ProducedByAsync(engine, (await TrainAsync(engine, LogisticRegressionTrainer.KindName, [Guid.NewGuid()], Config)).Id);

        var otherKind = await Assert.ThrowsAsync<InvalidInputException>(() => CreateAsync(engine, IsolationForestTrainer.KindName, [Guid.NewGuid()], new { }, v1.Id));
        var missing = await Assert.ThrowsAsync<InvalidInputException>(() => CreateAsync(engine, LogisticRegressionTrainer.KindName, [Guid.NewGuid()], new { }, Guid.NewGuid()));

        Assert.Contains($"is a {LogisticRegressionTrainer.KindName} model; a {IsolationForestTrainer.KindName} run cannot continue from it", otherKind.Message);
        Assert.Contains("no model version", missing.Message);
    }

    [Fact]
    public async Task CreateInternal_refuses_a_refit_from_a_version_whose_dataset_was_deleted_naming_it()
    {
        await using var engine = await EngineHarness.CreateAsync();
        var (kept, deleted) = (Guid.NewGuid(), Guid.NewGuid());
        var v1 = await ProducedByAsync(engine, (await TrainAsync(engine, LogisticRegressionTrainer.KindName, [kept, deleted], Config)).Id);
        await engine.InScopeAsync(async s => await s.GetRequiredService<LodestoneDb>().Datasets.Where(d => d.Id == deleted).ExecuteDeleteAsync());

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => CreateAsync(engine, LogisticRegressionTrainer.KindName, [Guid.NewGuid()], new { }, v1.Id));

        Assert.Contains($"dataset '{DatasetName(deleted)}' ({deleted})", refused.Message);
        Assert.DoesNotContain(kept.ToString(), refused.Message);
        Assert.Contains("without a parent version", refused.Message);
    }

    private static ModelRegistry Registry(EngineHarness engine) =>
        engine.Services.CreateScope().ServiceProvider.GetRequiredService<ModelRegistry>();

    /// <summary>Creates the run, first giving the project a dataset row for each id it lacks (the windows themselves are generated).</summary>
    private static async Task<TrainingRun> CreateAsync(EngineHarness engine, string kind, Guid[] datasets, object config, Guid? parent = null)
    {
        await using var scope = engine.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
        var known = await db.Datasets.Where(d => datasets.Contains(d.Id)).Select(d => d.Id).ToListAsync();
        foreach (var id in datasets.Except(known))
            db.Datasets.Add(new Dataset(id, engine.Database.ProjectId, DatasetName(id), DatasetSchema.Generic, "generated", engine.Database.UserId));
        await db.SaveChangesAsync();
        return await scope.ServiceProvider.GetRequiredService<TrainingService>().CreateInternalAsync(new NewRun(engine.Database.ProjectId,
            engine.Database.UserId, null, kind, JsonSerializer.SerializeToElement(config), datasets, ParentModelVersionId: parent));
    }

    private static string DatasetName(Guid id) => $"recording-{id.ToString()[..8]}.csv";

    private static async Task<TrainingRun> TrainAsync(EngineHarness engine, string kind, Guid[] datasets, object config, Guid? parent = null)
    {
        var run = await CreateAsync(engine, kind, datasets, config, parent);
        await engine.Executor.ExecuteAsync(run.Id, CancellationToken.None);
        var done = await engine.RunAsync(run.Id);
        Assert.True(done.State == TrainingRunState.Completed, $"{done.State}: {done.FailureReason}");
        return done;
    }

    private static Task<ModelVersion> ProducedByAsync(EngineHarness engine, Guid runId) =>
        engine.InScopeAsync(async s => (await s.GetRequiredService<ModelRegistry>().ProducedByAsync([runId]))[runId]);
}
