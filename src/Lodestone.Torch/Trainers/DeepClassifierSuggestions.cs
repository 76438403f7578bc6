using Lodestone.Trainers;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// Settings suggested from labelled windows for a deep classifier, as <see cref="TrainerSuggestions.ForLightGbm"/> does
/// for trees: epochs and learning rate sized to the data, balanced class weights when the labels are imbalanced, and
/// warnings when the windows are too few or a class is very rare.
/// </summary>
public static class DeepClassifierSuggestions
{
    public static TrainerSuggestion For(string kind, WindowSet data)
    {
        var labelled = data.Labels.Count(l => l is { Count: > 0 });
        var (epochs, learningRate) = TrainerSuggestions.DeepDefaults(kind, labelled);
        var counts = TrainerSuggestions.LabelCounts(data);
        var imbalanced = TrainerSuggestions.IsImbalanced(counts);
        var options = new DeepClassifierOptions
        {
            Epochs = epochs,
            LearningRate = learningRate,
            ClassWeighting = imbalanced ? ClassWeighting.Balanced : ClassWeighting.None,
        };
        var warnings = new List<string>();
        var minimum = TrainerSuggestions.MinimumWindows(kind);
        if (labelled < minimum)
            warnings.Add($"Only {labelled} labelled windows for {kind}; at least {minimum} are advisable. Expect unstable results, or add data.");
        if (counts.Count > 1 && counts.Values.Max() > 10 * counts.Values.Min())
            warnings.Add("The classes are strongly imbalanced (counts differ more than tenfold): label more of the rare ones if you can.");
        // The weights the loss will use: n / (k · nᶜ) per class, or negatives per positive of each label when multi-label.
        IReadOnlyDictionary<string, double> weights = !imbalanced ? counts.Keys.ToDictionary(k => k, _ => 1.0)
            : ClassifierTargets.IsMultiLabel(data)
                ? counts.ToDictionary(p => p.Key, p => p.Value < labelled ? (double)(labelled - p.Value) / p.Value : 1.0)
                : TrainerSuggestions.ClassWeights(data);
        return new TrainerSuggestion(options, weights, warnings);
    }
}
