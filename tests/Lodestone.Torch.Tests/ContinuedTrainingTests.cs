using Lodestone.Torch.Trainers;
using Lodestone.Trainers;
using static TorchSharp.torch;

namespace Lodestone.Torch;

public class ContinuedTrainingTests
{
    [Fact]
    public async Task FitAsync_KeepsFrozenWeightsAndExtendsTheHead_WhenStartingFromASavedModelWithANewLabel()
    {
        var folder = Directory.CreateTempSubdirectory("lodestone-torch-").FullName;
        try
        {
            var first = SignalWindows.Make(40, 32, seed: 5, "sine", "square");
            var earlier = (DeepClassifierModel)await new CnnClassifierTrainer().FitAsync(first, DeepClassifierTests.SmallOptions(epochs: 5), new LocalTrainingContext());
            earlier.Save(folder);

            var more = SignalWindows.Make(60, 32, seed: 6, "sine", "square", "triangle");
            var options = DeepClassifierTests.SmallOptions(epochs: 5);
            options.StartFrom = folder;
            options.FreezeLayers = "all-but-head";
            var later = (DeepClassifierModel)await new CnnClassifierTrainer().FitAsync(more, options, new LocalTrainingContext());

            Assert.Equal(["sine", "square", "triangle"], later.Labels);
            var before = earlier.Network.state_dict();
            var after = later.Network.state_dict();
            foreach (var (name, value) in before.Where(p => !p.Key.StartsWith("head.")))
                Assert.True(value.equal(after[name]).all().item<bool>(), $"{name} changed although it was frozen");
            Assert.False(before["head.weight"].equal(after["head.weight"].narrow(0, 0, 2)).all().item<bool>(), "the head did not train");
            Assert.Equal(3, after["head.weight"].shape[0]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FitAsync_TrainsFrozenLayersAgain_FromTheUnfreezeEpoch()
    {
        var folder = Directory.CreateTempSubdirectory("lodestone-torch-").FullName;
        try
        {
            var data = SignalWindows.Make(40, 32, seed: 7, "sine", "square");
            var earlier = (DeepClassifierModel)await new CnnClassifierTrainer().FitAsync(data, DeepClassifierTests.SmallOptions(epochs: 2), new LocalTrainingContext());
            earlier.Save(folder);
            var options = DeepClassifierTests.SmallOptions(epochs: 3);
            options.StartFrom = folder;
            options.FreezeLayers = "features";
            options.UnfreezeEpoch = 2;

            var later = (DeepClassifierModel)await new CnnClassifierTrainer().FitAsync(data, options, new LocalTrainingContext());

            Assert.False(earlier.Network.state_dict()["features.conv0.weight"].equal(later.Network.state_dict()["features.conv0.weight"]).all().item<bool>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Check_ReportsUnknownLayers_WhenFreezingALayerTheNetworkLacks()
    {
        var data = SignalWindows.Make(20, 32, seed: 8, "sine", "square");
        var options = DeepClassifierTests.SmallOptions(epochs: 1);
        options.FreezeLayers = "encoder";

        var problems = new CnnClassifierTrainer().Check(data, options);

        Assert.Contains(problems, p => p.Contains("encoder") && p.Contains("features"));
    }
}
