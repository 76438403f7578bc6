using Lodestone.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// What a deep classifier learns from each labelled window, and how much each counts. Single-label: the class is the
/// window's label of highest confidence, weighted by that confidence times its class weight, in a weighted-mean
/// cross-entropy. Multi-label: one 0/1 target per label, positives weighted by their confidence, in a binary
/// cross-entropy on logits whose positive weight per label is its class weight.
/// </summary>
internal sealed class ClassifierTargets
{
    private readonly WindowSet data;
    private readonly Dictionary<string, int> index;
    // Held for the targets' lifetime: a temporary Scalar can be freed by a garbage collection during the native call.
    private readonly Scalar tiny = 1e-12.ToScalar();

    private ClassifierTargets(WindowSet data, IReadOnlyList<string> labels, bool multiLabel, double[] classWeights)
    {
        this.data = data;
        Labels = labels;
        MultiLabel = multiLabel;
        ClassWeights = classWeights;
        index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        Windows = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] is { Count: > 0 }).ToList();
        // Windows with the same class (or the same label set) form a stratum, so the held-out share keeps their mix.
        var sets = new Dictionary<string, int>(StringComparer.Ordinal);
        Strata = Windows.Select(w =>
        {
            if (!multiLabel) return index[TopLabel(w)];
            var key = string.Join("\u001f", data.Labels[w]!.Keys.Order(StringComparer.Ordinal));
            if (!sets.TryGetValue(key, out var stratum)) sets[key] = stratum = sets.Count;
            return stratum;
        }).ToList();
    }

    public IReadOnlyList<string> Labels { get; }
    public bool MultiLabel { get; }

    /// <summary>Per label: its weight in the cross-entropy (single-label) or its positive weight (multi-label).</summary>
    public double[] ClassWeights { get; }

    /// <summary>The labelled windows, in order; unlabelled ones take no part in training.</summary>
    public IReadOnlyList<int> Windows { get; }

    /// <summary>Per entry of <see cref="Windows"/>: its class or label set as a number, for a stratified split.</summary>
    public IReadOnlyList<int> Strata { get; }

    /// <summary>Multi-label when any window carries more than one label (the annotations overlap), as LightGBM decides.</summary>
    public static bool IsMultiLabel(WindowSet data) => data.Labels.Any(l => l is { Count: > 1 });

    public static ClassifierTargets Create(WindowSet data, IReadOnlyList<string> labels, bool multiLabel, DeepClassifierOptions options)
    {
        var labelled = data.Labels.Where(l => l is { Count: > 0 }).Select(l => l!).ToList();
        var weights = labels.Select(label => options.ClassWeighting switch
        {
            ClassWeighting.Explicit => options.ClassWeights.GetValueOrDefault(label, 1.0),
            ClassWeighting.Balanced => multiLabel ? PositiveBalance(labelled, label) : 1.0,
            _ => 1.0,
        }).ToArray();
        if (options.ClassWeighting == ClassWeighting.Balanced && !multiLabel)
        {
            // n / (k · nᶜ) over the classes present, as scikit-learn's compute_class_weight("balanced").
            var tops = labelled.Select(l => l.MaxBy(kv => kv.Value).Key).ToList();
            var present = tops.Distinct().Count();
            for (var c = 0; c < labels.Count; c++)
            {
                var count = tops.Count(t => t == labels[c]);
                if (count > 0) weights[c] = (double)tops.Count / (present * count);
            }
        }
        return new ClassifierTargets(data, labels, multiLabel, weights);
    }

    /// <summary>Negatives per positive of a label; 1 when the label is on every window or on none.</summary>
    private static double PositiveBalance(List<IReadOnlyDictionary<string, float>> labelled, string label)
    {
        var positives = labelled.Count(l => l.ContainsKey(label));
        return positives > 0 && positives < labelled.Count ? (double)(labelled.Count - positives) / positives : 1.0;
    }

    /// <summary>The targets and weights of <paramref name="windows"/>: class indices and window weights, or 0/1 rows and element weights.</summary>
    public (Tensor Target, Tensor Weight) ToTensors(IReadOnlyList<int> windows, Device device)
    {
        if (!MultiLabel)
        {
            var classes = windows.Select(w => (long)index[TopLabel(w)]).ToArray();
            var weights = windows.Select((w, i) => (float)(ClassWeights[classes[i]] * data.Labels[w]![TopLabel(w)])).ToArray();
            return (tensor(classes, device: device), tensor(weights, device: device));
        }
        var k = Labels.Count;
        var targets = new float[windows.Count * k];
        var elementWeights = new float[windows.Count * k];
        Array.Fill(elementWeights, 1f);
        for (var i = 0; i < windows.Count; i++)
            foreach (var (label, confidence) in data.Labels[windows[i]]!)
            {
                targets[i * k + index[label]] = 1f;
                elementWeights[i * k + index[label]] = confidence;
            }
        return (tensor(targets, device: device).reshape(windows.Count, k), tensor(elementWeights, device: device).reshape(windows.Count, k));
    }

    /// <summary>The loss on a batch of logits, its targets and weights.</summary>
    public Func<Tensor, Tensor, Tensor?, Tensor> Loss(Device device)
    {
        if (!MultiLabel)
            return (output, target, weight) =>
            {
                var perWindow = nn.functional.cross_entropy(output, target, reduction: nn.Reduction.None);
                // The weighted mean PyTorch's cross_entropy(weight=…) takes, with each window's confidence in its weight.
                return weight is null ? perWindow.mean() : (perWindow * weight).sum() / weight.sum().clamp_min(tiny);
            };
        var positiveWeights = tensor(ClassWeights.Select(w => (float)w).ToArray(), device: device);
        return (output, target, weight) => nn.functional.binary_cross_entropy_with_logits(output, target,
            weight: weight, reduction: nn.Reduction.Mean, pos_weights: positiveWeights);
    }

    private string TopLabel(int window) => data.Labels[window]!.MaxBy(kv => kv.Value).Key;
}
