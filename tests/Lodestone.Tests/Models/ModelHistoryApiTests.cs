using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestone.Infrastructure;
using Lodestone.Training;

namespace Lodestone.Models;

/// <summary>A model's history through the API: the genealogy of its versions as a graph, and its metrics across versions with the best of each.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class ModelHistoryApiTests : IClassFixture<TrainingAppFactory>
{
    private readonly TrainingAppFactory _app;

    public ModelHistoryApiTests(TrainingAppFactory app) => _app = app;

    private static string Kind => LogisticRegressionTrainer.KindName;

    [Fact]
    public async Task The_lineage_links_versions_continued_and_cloned_across_models_and_a_stranger_gets_404()
    {
        var owner = await _app.CreateUserAsync("lineage-owner", administrator: false);
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        var dataset = await _app.CreateDatasetRowAsync(project);
        var v1 = (await ModelVersionsApiTests.TrainAsync(owner.Client, project, new { trainerKind = Kind, datasetIds = new[] { dataset }, config = new { epochs = 2 } })).ModelVersion!;
        var v2 = (await ModelVersionsApiTests.TrainAsync(owner.Client, project, new { trainerKind = Kind, datasetIds = new[] { dataset }, parentModelVersionId = v1.Id, config = new { epochs = 2 } })).ModelVersion!;
        var models = $"/api/projects/{project}/models";
        await owner.Client.PostAsJsonAsync($"{models}/{Kind}/clone", new { name = "pump-copy" });
        var copies = await ModelVersionsApiTests.Read<List<ModelVersionResponse>>(await owner.Client.GetAsync($"{models}/versions?name=pump-copy"));
        var c2 = copies.Single(c => c.Number == 2);
        var c3 = (await ModelVersionsApiTests.TrainAsync(owner.Client, project, new { trainerKind = Kind, datasetIds = new[] { dataset }, parentModelVersionId = c2.Id, config = new { epochs = 2 } })).ModelVersion!;
        var c1 = copies.Single(c => c.Number == 1);

        var graph = await ModelVersionsApiTests.Read<ModelGenealogy>(await owner.Client.GetAsync($"{models}/{Kind}/lineage"));

        Assert.Equal(
            [(Kind, 1, true), (Kind, 2, true), ("pump-copy", 1, false), ("pump-copy", 2, false), ("pump-copy", 3, false)],
            graph.Nodes.Select(n => (n.ModelName, n.Number, n.InModel)).OrderBy(n => n.ModelName == Kind ? 0 : 1).ThenBy(n => n.Number));
        Assert.Equal(
            new HashSet<(Guid, Guid, GenealogyEdgeKind)>
            {
                (v1.Id, v2.Id, GenealogyEdgeKind.Continued), (v1.Id, c1.Id, GenealogyEdgeKind.Cloned), (v2.Id, c2.Id, GenealogyEdgeKind.Cloned),
                (c1.Id, c2.Id, GenealogyEdgeKind.Continued), (c2.Id, c3.Id, GenealogyEdgeKind.Continued),
            },
            graph.Edges.Select(e => (e.From, e.To, e.Kind)).ToHashSet());
        // From the copy's side, the originals are its ancestors.
        var fromCopy = await ModelVersionsApiTests.Read<ModelGenealogy>(await owner.Client.GetAsync($"{models}/pump-copy/lineage"));
        Assert.Equal(5, fromCopy.Nodes.Count);
        Assert.Equal([false, false, true, true, true], fromCopy.Nodes.OrderBy(n => n.ModelName == Kind ? 0 : 1).ThenBy(n => n.Number).Select(n => n.InModel));

        var stranger = await _app.CreateUserAsync("lineage-stranger", administrator: false);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"{models}/{Kind}/lineage")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"{models}/{Kind}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"{models}/no-such-model/lineage")).StatusCode);
    }

    [Fact]
    public async Task The_metrics_across_versions_give_each_value_and_the_best_the_way_the_metric_improves()
    {
        var owner = await _app.CreateUserAsync("metrics-owner", administrator: false);
        var project = await LodestoneAppFactory.CreateProjectAsync(owner);
        var dataset = await _app.CreateDatasetRowAsync(project);
        foreach (var epochs in new[] { 1, 6, 3 })
            await ModelVersionsApiTests.TrainAsync(owner.Client, project, new
            {
                trainerKind = Kind, datasetIds = new[] { dataset }, config = new { epochs, modelName = "pumps" },
            });
        var versions = (await ModelVersionsApiTests.Read<List<ModelVersionResponse>>(
            await owner.Client.GetAsync($"/api/projects/{project}/models/versions?name=pumps"))).OrderBy(v => v.Number).ToList();

        var metrics = await ModelVersionsApiTests.Read<List<MetricAcrossVersions>>(await owner.Client.GetAsync($"/api/projects/{project}/models/pumps/metrics"));

        var keys = versions.SelectMany(v => v.Metrics.Keys).Distinct().ToList();
        Assert.NotEmpty(keys);
        Assert.Equal(keys.Order(StringComparer.Ordinal), metrics.Select(m => m.Key).Order(StringComparer.Ordinal));
        foreach (var metric in metrics)
        {
            var values = versions.Where(v => v.Metrics.ContainsKey(metric.Key)).Select(v => (v.Number, v.Metrics[metric.Key])).ToList();
            Assert.Equal(values, metric.Values.Select(v => (v.Number, v.Value)));
            var best = metric.Goal == MetricGoal.Minimize ? values.Min(v => v.Item2) : values.Max(v => v.Item2);
            Assert.Equal(best, metric.Best);
            Assert.Equal(values.First(v => v.Item2 == best).Number, metric.BestVersion);
        }
        Assert.Equal(MetricGoal.Minimize, metrics.Single(m => m.Key == "loss").Goal);
    }
}
