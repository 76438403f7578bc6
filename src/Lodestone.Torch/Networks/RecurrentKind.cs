namespace Lodestone.Torch.Networks;

/// <summary>The recurrent cell of a <see cref="RecurrentClassifier"/>.</summary>
public enum RecurrentKind
{
    Lstm,
    Gru,
}
