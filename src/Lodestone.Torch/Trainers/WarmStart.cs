using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// Copies an earlier model's weights into a new network of the same kind. Parameters of equal shape are copied as they
/// are; the head may have more output rows (new labels): its old rows are copied and the new ones keep their fresh
/// initialisation, so the earlier labels keep their meaning.
/// </summary>
internal static class WarmStart
{
    public static void Copy(nn.Module<Tensor, Tensor> source, nn.Module<Tensor, Tensor> target)
    {
        var from = source.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, value) in target.state_dict())
        {
            if (!from.TryGetValue(name, out var old))
                throw new InvalidOperationException($"The earlier model has no '{name}': it was built with other settings.");
            if (old.shape.SequenceEqual(value.shape)) value.copy_(old);
            else if (name.StartsWith(LayerFreezer.Head + ".", StringComparison.Ordinal) && old.dim() == value.dim()
                     && old.shape.Skip(1).SequenceEqual(value.shape.Skip(1)) && old.shape[0] < value.shape[0])
                value.narrow(0, 0, old.shape[0]).copy_(old);
            else
                throw new InvalidOperationException($"'{name}' has shape [{string.Join(", ", old.shape)}] in the earlier model and [{string.Join(", ", value.shape)}] now: continued training needs the same architecture settings.");
        }
    }
}
