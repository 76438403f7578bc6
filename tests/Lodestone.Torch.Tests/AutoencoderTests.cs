using Lodestone.Torch.Trainers;
using Lodestone.Trainers;

namespace Lodestone.Torch;

public class AutoencoderTests
{
    [Theory]
    [InlineData(DeepNetworks.ConvAutoencoder)]
    [InlineData(DeepNetworks.LstmAutoencoder)]
    public async Task FitAsync_FlagsUnfamiliarWaveforms_WhenTrainedOnSines(string kind)
    {
        var normal = SignalWindows.Make(80, 32, seed: 9, "sine");
        var test = SignalWindows.Make(40, 32, seed: 10, "sine", "noise");
        AutoencoderTrainer trainer = kind == DeepNetworks.ConvAutoencoder ? new ConvAutoencoderTrainer() : new LstmAutoencoderTrainer();
        var options = new AutoencoderOptions { Epochs = 30, BatchSize = 16, HiddenSize = 32, Layers = 1, Dropout = 0, LearningRate = 0.01, Threads = 1 };
        var context = new LocalTrainingContext();

        var model = await trainer.FitAsync(normal, options, context);
        var predictions = model.Predict(test);

        var sines = predictions.Where((_, i) => i % 2 == 0).ToList();
        var noises = predictions.Where((_, i) => i % 2 == 1).ToList();
        Assert.True(noises.Min(p => p.Score) > sines.Max(p => p.Score), $"noise {string.Join(" ", noises.Select(p => p.Score.ToString("F2")))} sine {string.Join(" ", sines.Select(p => p.Score.ToString("F2")))} (every noise window should score above every sine window)");
        Assert.True(noises.Count(p => p.IsAnomaly) >= 18, $"{noises.Count(p => p.IsAnomaly)} noise windows flagged at {((Lodestone.Torch.Trainers.DeepAutoencoderModel)model).Threshold:F3}: {string.Join(" ", noises.Select(p => p.Score.ToString("F2")))} sine {string.Join(" ", sines.Select(p => p.Score.ToString("F2")))}");
        Assert.True(sines.Count(p => p.IsAnomaly) <= 2, $"{sines.Count(p => p.IsAnomaly)} sine windows flagged");
        Assert.True(context.Metrics.ContainsKey(("val_loss", 30)));
    }
}
