using Lodestone.Torch.Trainers;
using Lodestone.Trainers;

namespace Lodestone.Torch;

public class DeepClassifierTests
{
    internal static DeepClassifierOptions SmallOptions(int epochs = 15) => new()
    {
        Epochs = epochs,
        BatchSize = 16,
        HiddenSize = 16,
        Layers = 1,
        Dropout = 0,
        LearningRate = 0.01,
        Threads = 1,
        Heads = 2,
        ValidationFraction = 0.2,
        EarlyStoppingPatience = 0,
    };

    internal static ITrainer Trainer(string kind) => kind switch
    {
        DeepNetworks.Cnn => new CnnClassifierTrainer(),
        DeepNetworks.Lstm => new LstmClassifierTrainer(),
        DeepNetworks.Gru => new GruClassifierTrainer(),
        _ => new TransformerClassifierTrainer(),
    };

    [Theory]
    [InlineData(DeepNetworks.Cnn)]
    [InlineData(DeepNetworks.Lstm)]
    [InlineData(DeepNetworks.Gru)]
    [InlineData(DeepNetworks.Transformer)]
    public async Task FitAsync_SeparatesSineFromSquareWindows(string kind)
    {
        var train = SignalWindows.Make(80, 32, seed: 1, "sine", "square");
        var test = SignalWindows.Make(40, 32, seed: 2, "sine", "square");
        var context = new LocalTrainingContext();

        var model = await Trainer(kind).FitAsync(train, SmallOptions(epochs: 25), context);

        Assert.Equal(kind, model.Kind);
        var accuracy = SignalWindows.Accuracy(model.Predict(test), test);
        Assert.True(accuracy >= 0.9, $"test accuracy {accuracy:F2}");
        Assert.Equal((25, 25), context.Progress);
        foreach (var key in new[] { "loss", "val_loss", "accuracy", "val_accuracy", "learning_rate", "epoch_time_seconds" })
            Assert.True(context.Metrics.ContainsKey((key, 25)), $"missing {key}");
        Assert.True(context.Metrics[("loss", 25)] < context.Metrics[("loss", 1)], string.Join(" ", Enumerable.Range(1, 25).Select(e => $"{context.Metrics[("loss", e)]:F3}/{context.Metrics[("val_accuracy", e)]:F2}")));
    }

    [Fact]
    public void Check_ListsProblems_WhenThereIsOnlyOneLabel()
    {
        var data = SignalWindows.Make(10, 32, seed: 1, "sine");

        var problems = new CnnClassifierTrainer().Check(data, SmallOptions());

        Assert.Contains(problems, p => p.Contains("2 labels"));
    }

    [Fact]
    public async Task SaveAndLoad_GiveIdenticalPredictions()
    {
        var train = SignalWindows.Make(40, 32, seed: 3, "sine", "square");
        var model = await new LstmClassifierTrainer().FitAsync(train, SmallOptions(epochs: 3), new LocalTrainingContext());
        var folder = Directory.CreateTempSubdirectory("lodestone-torch-").FullName;
        try
        {
            model.Save(folder);
            var loaded = DeepModels.Load(folder);

            var before = model.Predict(train);
            var after = loaded.Predict(train);

            Assert.Equal(model.Kind, loaded.Kind);
            Assert.Equal(before.Select(p => p.Scores!["sine"]), after.Select(p => p.Scores!["sine"]));
            Assert.Equal(before.Select(p => p.Labels![0]), after.Select(p => p.Labels![0]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
