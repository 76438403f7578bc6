namespace Lodestone.Torch.Trainers;

/// <summary>Classifies raw windows with a 1D convolutional network (FCN).</summary>
public sealed class CnnClassifierTrainer : DeepClassifierTrainer
{
    public override string Kind => DeepNetworks.Cnn;
}
