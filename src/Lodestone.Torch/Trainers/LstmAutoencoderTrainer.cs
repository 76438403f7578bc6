namespace Lodestone.Torch.Trainers;

/// <summary>Detects anomalous windows by the reconstruction error of an LSTM autoencoder.</summary>
public sealed class LstmAutoencoderTrainer : AutoencoderTrainer
{
    public override string Kind => DeepNetworks.LstmAutoencoder;
}
