namespace Lodestone.Torch.Trainers;

/// <summary>Detects anomalous windows by the reconstruction error of a convolutional autoencoder.</summary>
public sealed class ConvAutoencoderTrainer : AutoencoderTrainer
{
    public override string Kind => DeepNetworks.ConvAutoencoder;
}
