namespace Lodestone.Torch.Trainers;

/// <summary>Classifies raw windows with an LSTM.</summary>
public sealed class LstmClassifierTrainer : DeepClassifierTrainer
{
    public override string Kind => DeepNetworks.Lstm;
}
