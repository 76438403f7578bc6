namespace Lodestone.Torch.Trainers;

/// <summary>Options of the deep classifiers (<c>cnn</c>, <c>lstm</c>, <c>gru</c>, <c>transformer</c>).</summary>
public sealed class DeepClassifierOptions : DeepTrainerOptions
{
    /// <summary>Attention heads of the Transformer encoder; the hidden size must be a multiple of it.</summary>
    public int Heads { get; set; } = 4;
}
