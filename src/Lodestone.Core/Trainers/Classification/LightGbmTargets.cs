namespace Lodestone.Trainers.Classification;

/// <summary>
/// What the LightGBM models learn from each window, and how much each window counts. Single-label: the index of the
/// window's top label, weighted by its confidence times (optionally) the inverse frequency of its class. Multi-label:
/// one yes/no per label (one binary model each); a yes counts its confidence times (optionally) negatives per positive,
/// a no counts 1. The balance comes from the windows the models are fitted on, so held-out windows are weighted alike.
/// </summary>
internal sealed class LightGbmTargets
{
    private LightGbmTargets(bool multiLabel, int[] classes, bool[][] sets, float[][] weights, double[] balance)
    {
        MultiLabel = multiLabel;
        Classes = classes;
        Sets = sets;
        Weights = weights;
        Balance = balance;
    }

    public bool MultiLabel { get; }

    /// <summary>Single-label: the class index of each window.</summary>
    public int[] Classes { get; }

    /// <summary>Multi-label: per window, whether it carries each label.</summary>
    public bool[][] Sets { get; }

    /// <summary>Per model (one for single-label, one per label for multi-label), the weight of each window.</summary>
    public float[][] Weights { get; }

    /// <summary>Per class or label, the factor its windows (its positives, for multi-label) are weighted by.</summary>
    private double[] Balance { get; }

    public int Rows => MultiLabel ? Sets.Length : Classes.Length;

    /// <summary>Targets of windows the models are fitted on; their label counts set the balance.</summary>
    public static LightGbmTargets Fitted(IReadOnlyDictionary<string, float>[] labels, IReadOnlyList<string> classes, bool multiLabel,
        bool balanceClasses)
    {
        double[] balance;
        if (!multiLabel)
        {
            var top = labels.Select(l => LabelledFeatures.TopLabel(l)).ToArray();
            balance = classes.Select(c =>
            {
                var count = top.Count(t => t == c);
                return balanceClasses && count > 0 ? (double)top.Length / (classes.Count * count) : 1;
            }).ToArray();
        }
        else
        {
            balance = classes.Select(c =>
            {
                var positives = labels.Count(l => l.ContainsKey(c));
                return balanceClasses && positives > 0 ? (double)(labels.Length - positives) / positives : 1;
            }).ToArray();
        }
        return Build(labels, classes, multiLabel, balance);
    }

    /// <summary>Targets of held-out windows, weighted as the fitted windows of <paramref name="fitted"/> are.</summary>
    public static LightGbmTargets HeldOut(IReadOnlyDictionary<string, float>[] labels, IReadOnlyList<string> classes, LightGbmTargets fitted) =>
        Build(labels, classes, fitted.MultiLabel, fitted.Balance);

    private static LightGbmTargets Build(IReadOnlyDictionary<string, float>[] labels, IReadOnlyList<string> classes, bool multiLabel, double[] balance)
    {
        if (!multiLabel)
        {
            var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
            var targets = labels.Select(l => index[LabelledFeatures.TopLabel(l)]).ToArray();
            var weights = targets.Select((c, r) => (float)balance[c] * labels[r][classes[c]]).ToArray();
            return new LightGbmTargets(false, targets, [], [weights], balance);
        }
        var sets = labels.Select(l => classes.Select(l.ContainsKey).ToArray()).ToArray();
        var perLabel = classes.Select((c, k) => labels.Select(l => l.TryGetValue(c, out var confidence) ? (float)balance[k] * confidence : 1f).ToArray()).ToArray();
        return new LightGbmTargets(true, [], sets, perLabel, balance);
    }
}
