using Lodestone.Trainers;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// A trained deep classifier. Single-label: softmax scores per label for each window, the best label chosen.
/// Multi-label: an independent sigmoid probability per label, and every label at or above the threshold chosen
/// (possibly none).
/// </summary>
public sealed class DeepClassifierModel : ITrainedModel, IMultiLabelModel, IDisposable
{
    private readonly nn.Module<Tensor, Tensor> network;
    private readonly Device device;

    internal DeepClassifierModel(DeepModelManifest manifest, nn.Module<Tensor, Tensor> network, Device device)
    {
        Manifest = manifest;
        this.network = network;
        this.device = device;
        Threshold = (manifest.ReadOptions() as DeepClassifierOptions)?.MultiLabelThreshold ?? 0.5;
    }

    public DeepModelManifest Manifest { get; }
    public string Kind => Manifest.Kind;
    public TrainingTask Task => Manifest.IsMultiLabel ? TrainingTask.MultiLabelClassification : TrainingTask.Classification;
    public IReadOnlyList<string> Labels => Manifest.Labels;
    public bool IsMultiLabel => Manifest.IsMultiLabel;

    /// <summary>The probability from which a multi-label model predicts a label.</summary>
    public double Threshold { get; }

    /// <summary>The network itself, for inspection (e.g. which weights changed).</summary>
    public nn.Module<Tensor, Tensor> Network => network;

    public IReadOnlyList<Prediction> Predict(WindowSet data)
    {
        DeepModels.CheckInput(Manifest, data);
        var all = Enumerable.Range(0, data.Count).ToArray();
        var values = Manifest.Scaler.Transform(data, all);
        var rows = Inference.Run(network, values, data.Count, data.Channels.Count, data.Length, device,
            (_, logits) => IsMultiLabel ? logits.sigmoid() : nn.functional.softmax(logits, 1));
        return rows.Select(row =>
        {
            var best = 0;
            for (var i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
            var scores = new Dictionary<string, double>(row.Length);
            for (var i = 0; i < row.Length; i++) scores[Manifest.Labels[i]] = row[i];
            IReadOnlyList<string> labels = IsMultiLabel
                ? Manifest.Labels.Where((_, i) => row[i] >= Threshold).ToList()
                : [Manifest.Labels[best]];
            return new Prediction(row[best], Labels: labels, Scores: scores);
        }).ToList();
    }

    public void Save(string folder)
    {
        network.save(Path.Combine(folder, DeepModelManifest.WeightsFileName));
        Manifest.Write(folder);
    }

    public void Dispose() => network.Dispose();
}
