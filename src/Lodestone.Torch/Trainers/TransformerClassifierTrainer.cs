namespace Lodestone.Torch.Trainers;

/// <summary>Classifies raw windows with a Transformer encoder.</summary>
public sealed class TransformerClassifierTrainer : DeepClassifierTrainer
{
    public override string Kind => DeepNetworks.Transformer;
}
