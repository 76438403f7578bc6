using Lodestone.Trainers;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// A trained autoencoder detector: the score of a window is its mean absolute reconstruction error (in standardised
/// units); above <see cref="Threshold"/> the window is an anomaly.
/// </summary>
public sealed class DeepAutoencoderModel : IThresholdDetector, IDisposable
{
    private readonly nn.Module<Tensor, Tensor> network;
    private readonly Device device;

    internal DeepAutoencoderModel(DeepModelManifest manifest, nn.Module<Tensor, Tensor> network, Device device)
    {
        Manifest = manifest;
        this.network = network;
        this.device = device;
    }

    public DeepModelManifest Manifest { get; }
    public string Kind => Manifest.Kind;
    public TrainingTask Task => TrainingTask.AnomalyDetection;
    public double Threshold => Manifest.Threshold;
    public nn.Module<Tensor, Tensor> Network => network;

    /// <summary>The reconstruction error of each window.</summary>
    public double[] Scores(WindowSet data)
    {
        DeepModels.CheckInput(Manifest, data);
        var values = Manifest.Scaler.Transform(data, Enumerable.Range(0, data.Count).ToArray());
        return Inference.Run(network, values, data.Count, data.Channels.Count, data.Length, device, Inference.ReconstructionError)
            .Select(r => (double)r[0]).ToArray();
    }

    public IReadOnlyList<Prediction> Predict(WindowSet data) =>
        Scores(data).Select(s => new Prediction(s, s > Threshold)).ToList();

    public void Save(string folder)
    {
        network.save(Path.Combine(folder, DeepModelManifest.WeightsFileName));
        Manifest.Write(folder);
    }

    public void Dispose() => network.Dispose();
}
