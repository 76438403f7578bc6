namespace Lodestone.Torch.Trainers;

/// <summary>Classifies raw windows with a GRU.</summary>
public sealed class GruClassifierTrainer : DeepClassifierTrainer
{
    public override string Kind => DeepNetworks.Gru;
}
