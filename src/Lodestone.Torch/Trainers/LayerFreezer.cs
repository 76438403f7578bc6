using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// Freezes a network's top-level layers named in <see cref="DeepTrainerOptions.FreezeLayers"/>: their parameters stop
/// receiving gradients (so the optimizer leaves them as they are) and, while frozen, they run in evaluation mode so
/// that batch-norm statistics and dropout do not change them either.
/// </summary>
internal sealed class LayerFreezer
{
    public const string AllButHead = "all-but-head";
    public const string Head = "head";

    private readonly nn.Module network;
    private readonly HashSet<string> names;
    private bool _frozen;

    public LayerFreezer(nn.Module network, string specification)
    {
        this.network = network;
        var layers = network.named_children().Select(c => c.name).ToList();
        var spec = specification.Trim();
        names = spec.Length == 0 ? []
            : spec.Equals(AllButHead, StringComparison.OrdinalIgnoreCase) ? layers.Where(n => n != Head).ToHashSet()
            : spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var unknown = names.Except(layers).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown layers to freeze: {string.Join(", ", unknown)}. The network has: {string.Join(", ", layers)}, or use '{AllButHead}'.");
    }

    public static IReadOnlyList<string> LayerNames(nn.Module network) => network.named_children().Select(c => c.name).ToList();

    public void Freeze(bool frozen)
    {
        _frozen = frozen && names.Count > 0;
        foreach (var (name, parameter) in network.named_parameters())
            if (names.Contains(name.Split('.')[0]))
                parameter.requires_grad = !frozen;
    }

    public void KeepFrozenInEvalMode()
    {
        if (!_frozen) return;
        foreach (var (name, layer) in network.named_children())
            if (names.Contains(name)) layer.eval();
    }
}
