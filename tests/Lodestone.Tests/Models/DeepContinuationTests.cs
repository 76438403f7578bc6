using Lodestone.Torch.Trainers;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Models;

/// <summary>A deep run continuing from a version starts from its weights: frozen layers stay as they were, the head learns and grows.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class DeepContinuationTests : IClassFixture<TrainingAppFactory>
{
    private readonly TrainingAppFactory _app;

    public DeepContinuationTests(TrainingAppFactory app) => _app = app;

    [Fact]
    public async Task A_cnn_run_continuing_from_v1_with_all_but_the_head_frozen_keeps_v1s_layers_and_extends_the_head_with_a_new_label()
    {
        var (client, _, _) = await _app.CreateUserAsync("deep-user");
        var project = await TrainingAppFactory.CreateProjectAsync(client);
        var small = new { epochs = 2, batchSize = 16, hiddenSize = 8, layers = 1, dropout = 0, learningRate = 0.01, threads = 1, earlyStoppingPatience = 0 };

        var run1 = await ModelVersionsApiTests.TrainAsync(client, project, new { trainerKind = DeepNetworks.Cnn, datasetIds = new[] { await _app.CreateDatasetRowAsync(project) }, config = small });
        var threeLabels = await _app.CreateDatasetRowAsync(project);
        ((GeneratedWindows)_app.Services.GetRequiredService<IWindowSource>()).LabelsOfDataset[threeLabels] = 3;
        var run2 = await ModelVersionsApiTests.TrainAsync(client, project, new
        {
            trainerKind = DeepNetworks.Cnn, datasetIds = new[] { threeLabels }, parentModelVersionId = run1.ModelVersion!.Id,
            config = new
            {
                small.epochs, small.batchSize, small.hiddenSize, small.layers, small.dropout, small.learningRate, small.threads,
                small.earlyStoppingPatience, freezeLayers = "all-but-head",
            },
        });

        var v2 = await ModelVersionsApiTests.Read<ModelVersionResponse>(await client.GetAsync($"/api/projects/{project}/models/versions/{run2.ModelVersion!.Id}"));
        Assert.Equal((2, run1.ModelVersion.Id), (v2.Number, v2.Parent!.Id));
        Assert.Equal(["a", "b", "c"], v2.Labels);
        using var earlier = Load(run1.ModelVersion.Id);
        using var later = Load(v2.Id);
        var before = earlier.Network.state_dict();
        var after = later.Network.state_dict();
        foreach (var (name, value) in before.Where(p => !p.Key.StartsWith("head.", StringComparison.Ordinal)))
            Assert.True(value.equal(after[name]).all().item<bool>(), $"{name} changed although it was frozen");
        Assert.Equal(["a", "b", "c"], later.Labels);
        Assert.Equal(3, after["head.weight"].shape[0]);
        Assert.False(before["head.weight"].equal(after["head.weight"].narrow(0, 0, 2)).all().item<bool>(), "the head did not train");
        var logs = await client.GetStringAsync($"/api/projects/{project}/runs/{run2.Id}/logs");
        Assert.Contains("New labels extend the head: c", logs);
    }

    private DeepClassifierModel Load(Guid versionId)
    {
        using var scope = _app.Services.CreateScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
        var version = registry.Versions.Single(v => v.Id == versionId);
        return (DeepClassifierModel)DeepModels.Load(registry.ArtifactFolder(version));
    }
}
