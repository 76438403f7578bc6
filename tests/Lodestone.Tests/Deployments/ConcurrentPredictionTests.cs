using Lodestone.Infrastructure;
using Lodestone.Models;
using Lodestone.Trainers;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Deployments;

/// <summary>Warm models under concurrency: one load for many first callers, and the same answers from many threads as from one.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class ConcurrentPredictionTests(ServedModelsFixture served) : IClassFixture<ServedModelsFixture>
{
    [Theory]
    [InlineData("fan")]
    [InlineData("fan-detector")]
    public async Task Many_threads_predicting_at_once_get_exactly_the_answers_one_thread_gets(string modelName)
    {
        var version = await VersionAsync(modelName);
        var model = await served.App.Services.GetRequiredService<WarmModels>().GetAsync(version);
        var windows = Enumerable.Range(0, 64).Select(i => Windows(i % 3 == 0, seed: i)).ToArray();
        // The model as training and evaluation use it, one window after another: serving must answer exactly this.
        var plain = served.App.Services.GetRequiredService<TrainerCatalog>().Load(
            served.App.Services.GetRequiredService<RunFiles>().ArtifactPath(version.ProjectId, version.SourceRunId, version.ArtifactPath));
        var expected = windows.Select(plain.Predict).ToList();

        // 16 threads, each predicting every window in its own order, all released at once.
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, 16).Select(t => Task.Factory.StartNew(() =>
        {
            start.Wait();
            var answers = new IReadOnlyList<Prediction>[windows.Length];
            for (var k = 0; k < windows.Length; k++)
            {
                var i = (k * 7 + t * 5) % windows.Length;
                answers[i] = model.PredictAsync(windows[i]).AsTask().GetAwaiter().GetResult();
            }
            return answers;
        }, TaskCreationOptions.LongRunning)).ToArray();
        start.Set();
        var results = await Task.WhenAll(threads);

        // The windows get different answers, so that the equality below would catch answers swapped between threads.
        Assert.True(expected.Select(Describe).Distinct().Count() > 1, "every window got the same answer");
        foreach (var answers in results)
            for (var i = 0; i < windows.Length; i++)
                Assert.Equal(Describe(expected[i]), Describe(answers[i]));
    }

    [Fact]
    public async Task Twenty_first_calls_at_once_load_the_saved_model_once_and_share_it()
    {
        var version = await VersionAsync(ServedModelsFixture.Model);
        using var warm = new WarmModels(served.App.Services.GetRequiredService<TrainerCatalog>(), served.App.Services.GetRequiredService<RunFiles>());

        var models = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => warm.GetAsync(version))));

        Assert.Equal(1, warm.Loads);
        Assert.All(models, m => Assert.Same(models[0], m));
        Assert.True(warm.IsWarm(version.Id));
        // LightGBM predicts through ML.NET, which is not promised thread-safe: it gets a pool of prediction engines.
        Assert.True(models[0].IsPooled);
    }

    private async Task<ModelVersion> VersionAsync(string name)
    {
        await using var scope = served.App.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
        return (await registry.ListAsync(served.Project, name)).First();
    }

    private static WindowSet Windows(bool fault, int seed)
    {
        var window = ServedModelsFixture.Window(fault, seed);
        var values = ServedModelsFixture.Channels.SelectMany(c => window[c]).ToArray();
        return new WindowSet(ServedModelsFixture.Channels, ServedModelsFixture.Length, values, [default]) { SampleRateHz = 10 };
    }

    private static string Describe(IReadOnlyList<Prediction> predictions) => string.Join(";", predictions.Select(p =>
        $"{p.Score:R}|{p.IsAnomaly}|{string.Join(",", p.Labels ?? [])}|{string.Join(",", (p.Scores ?? new Dictionary<string, double>()).Select(s => $"{s.Key}={s.Value:R}"))}"));
}
