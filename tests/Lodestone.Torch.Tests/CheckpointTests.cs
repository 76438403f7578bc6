using Lodestone.Torch.Trainers;

namespace Lodestone.Torch;

public class CheckpointTests
{
    [Fact]
    public async Task FitAsync_ResumesAfterTheLastCheckpoint_WhenARunWasCancelled()
    {
        var data = SignalWindows.Make(40, 32, seed: 4, "sine", "square");
        var options = DeepClassifierTests.SmallOptions(epochs: 5);
        var uninterrupted = await new GruClassifierTrainer().FitAsync(data, options, new CancellingContext(cancelAfterStep: -1));

        var first = new CancellingContext(cancelAfterStep: 2);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new GruClassifierTrainer().FitAsync(data, options, first));
        var second = new CancellingContext(cancelAfterStep: -1, latest: first.LatestCheckpoint);
        var resumed = await new GruClassifierTrainer().FitAsync(data, options, second);

        Assert.Equal([1, 2], first.Steps);
        Assert.Equal([3, 4, 5], second.Steps);
        Assert.Equal(5, second.LatestCheckpoint!.Step);
        // Same shuffles, same generator state, same optimizer moments: the resumed run ends where an uninterrupted one does.
        Assert.Equal(uninterrupted.Predict(data).Select(p => p.Score), resumed.Predict(data).Select(p => p.Score));
    }
}
