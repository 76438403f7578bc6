using Lodestone.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>The deep trainer kinds and the network each one builds.</summary>
public static class DeepNetworks
{
    public const string Cnn = "cnn";
    public const string Lstm = "lstm";
    public const string Gru = "gru";
    public const string Transformer = "transformer";
    public const string ConvAutoencoder = "conv-autoencoder";
    public const string LstmAutoencoder = "lstm-autoencoder";

    public static IReadOnlyList<string> Kinds { get; } = [Cnn, Lstm, Gru, Transformer, ConvAutoencoder, LstmAutoencoder];

    /// <summary>A fresh network of <paramref name="kind"/>; <paramref name="outputs"/> is the class count of classifiers.</summary>
    public static nn.Module<Tensor, Tensor> Create(string kind, int channels, int length, int outputs, DeepTrainerOptions options) => kind switch
    {
        Cnn => new ConvClassifier(channels, outputs, options.HiddenSize, options.Layers, options.Dropout),
        Lstm => new RecurrentClassifier(RecurrentKind.Lstm, channels, outputs, options.HiddenSize, options.Layers, options.Dropout),
        Gru => new RecurrentClassifier(RecurrentKind.Gru, channels, outputs, options.HiddenSize, options.Layers, options.Dropout),
        Transformer => new TransformerClassifier(channels, length, outputs, options.HiddenSize,
            (options as DeepClassifierOptions)?.Heads ?? 4, options.Layers, options.Dropout),
        ConvAutoencoder => new Networks.ConvAutoencoder(channels, options.HiddenSize, options.Dropout),
        LstmAutoencoder => new Networks.LstmAutoencoder(channels, options.HiddenSize, options.Layers, options.Dropout),
        _ => throw new ArgumentException($"Unknown deep model kind '{kind}'. Known: {string.Join(", ", Kinds)}.", nameof(kind)),
    };

    /// <summary>The network of a saved model with its weights, on <paramref name="device"/>, in evaluation mode.</summary>
    public static nn.Module<Tensor, Tensor> Load(string folder, DeepModelManifest manifest, Device device)
    {
        var network = Create(manifest.Kind, manifest.Channels.Count, manifest.Length, Math.Max(1, manifest.Labels.Count), manifest.ReadOptions());
        network.load(Path.Combine(folder, DeepModelManifest.WeightsFileName));
        network.to(device);
        network.eval();
        return network;
    }
}
