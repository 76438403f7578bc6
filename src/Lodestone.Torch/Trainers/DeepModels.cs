using Lodestone.Trainers;

namespace Lodestone.Torch.Trainers;

/// <summary>Loads any saved deep model from its folder.</summary>
public static class DeepModels
{
    public static ITrainedModel Load(string folder)
    {
        var manifest = DeepModelManifest.Read(folder);
        var device = TorchRuntime.ChooseDevice();
        var network = DeepNetworks.Load(folder, manifest, device);
        return manifest.Task == TrainingTask.AnomalyDetection
            ? new DeepAutoencoderModel(manifest, network, device)
            : new DeepClassifierModel(manifest, network, device);
    }

    internal static void CheckInput(DeepModelManifest manifest, WindowSet data)
    {
        if (!manifest.Channels.SequenceEqual(data.Channels))
            throw new ArgumentException($"The model reads channels {string.Join(", ", manifest.Channels)}; the windows have {string.Join(", ", data.Channels)}.");
        if (manifest.Length != data.Length)
            throw new ArgumentException($"The model reads windows of {manifest.Length} steps; these have {data.Length}.");
    }
}
