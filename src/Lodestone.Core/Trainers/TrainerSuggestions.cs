using Lodestone.Trainers.Anomaly;
using Lodestone.Trainers.Classification;

namespace Lodestone.Trainers;

/// <summary>
/// Settings suggested from the data for each classical kind, and defaults for deep kinds (epochs, learning rate),
/// with a warning when the data are too few for the kind. Window sizes come from <see cref="Features.WindowSuggestion"/>.
/// </summary>
public static class TrainerSuggestions
{
    /// <summary>Labelled windows below which a kind is likely to overfit or to be judged on too few examples.</summary>
    public static int MinimumWindows(string kind) => kind switch
    {
        LightGbmTrainer.KindName => 50,
        IsolationForestTrainer.KindName or PcaDetectorTrainer.KindName => 100,
        Sensors.DriftModel.KindName => 20, // readings, one window each
        Sensors.CalibrationModel.KindName => 5, // calibration records
        _ => 500, // deep models
    };

    /// <summary>Epochs and learning rate to start from for a deep kind: fewer epochs on more windows.</summary>
    public static (int Epochs, double LearningRate) DeepDefaults(string kind, int windows)
    {
        var epochs = windows switch { < 500 => 60, < 5_000 => 30, _ => 15 };
        var rate = kind.Contains("transformer", StringComparison.OrdinalIgnoreCase) ? 5e-4 : 1e-3;
        return (epochs, rate);
    }

    /// <summary>Balanced class weights n / (k · nᶜ) over labelled windows (top label each), so every class weighs the same in total.</summary>
    public static IReadOnlyDictionary<string, double> ClassWeights(WindowSet data)
    {
        var tops = data.Labels.Where(l => l is { Count: > 0 }).Select(l => l!.MaxBy(kv => kv.Value).Key).ToList();
        var classes = tops.Distinct().Order(StringComparer.Ordinal).ToList();
        return classes.ToDictionary(c => c, c => (double)tops.Count / (classes.Count * tops.Count(t => t == c)));
    }

    /// <summary>Class counts beyond this ratio (largest over smallest) make a deep classifier's suggestion weigh classes.</summary>
    public const double ImbalanceRatio = 1.5;

    /// <summary>
    /// Labelled windows per label: each window's top label, or every label it carries when some window carries several
    /// (multi-label data, where each label is its own yes/no decision).
    /// </summary>
    public static IReadOnlyDictionary<string, int> LabelCounts(WindowSet data)
    {
        var labelled = data.Labels.Where(l => l is { Count: > 0 }).Select(l => l!).ToList();
        var multiLabel = labelled.Any(l => l.Count > 1);
        return labelled.SelectMany(l => multiLabel ? l.Keys : [l.MaxBy(kv => kv.Value).Key])
            .GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>Whether the most frequent label has more than <see cref="ImbalanceRatio"/> times the windows of the rarest.</summary>
    public static bool IsImbalanced(IReadOnlyDictionary<string, int> counts) =>
        counts.Count > 1 && counts.Values.Max() > ImbalanceRatio * counts.Values.Min();

    public static TrainerSuggestion ForLightGbm(WindowSet data)
    {
        var labelled = data.Labels.Count(l => l is { Count: > 0 });
        var warnings = TooFew(LightGbmTrainer.KindName, labelled);
        // Few windows: small, slowly learnt trees with many rounds, each seeing a fifth of the features and 70 % of the
        // windows, so the ensemble averages many different trees as a random forest does (on BasicMotions' 40 windows,
        // 5-fold cross-validation on the training set picks this over the library defaults: 1.000 against 0.975).
        var options = labelled < 200
            ? new LightGbmOptions
            {
                Leaves = 4, Iterations = 300, LearningRate = 0.05, MinimumWindowsPerLeaf = Math.Max(2, labelled / 20),
                FeatureFraction = 0.2, RowFraction = 0.7,
            }
            : new LightGbmOptions();
        var weights = ClassWeights(data);
        if (weights.Count > 1 && weights.Values.Max() / weights.Values.Min() > 10)
            warnings.Add("The classes are strongly imbalanced (weights differ more than tenfold): label more of the rare ones if you can.");
        return new TrainerSuggestion(options, weights, warnings);
    }

    public static TrainerSuggestion ForAnomaly(string kind, WindowSet data)
    {
        var warnings = TooFew(kind, data.Count);
        // Per-point data score best as standardised raw rows; longer windows as summary features. A single point's score
        // is noisy, so per-point scores are averaged over 15 points (on SKAB's valve files smoothing over 10–15 rows
        // scored best for raw rows); a window's features already summarise many points.
        var input = data.Length == 1 ? AnomalyInput.Raw : AnomalyInput.Features;
        var smoothing = data.Length == 1 ? 15 : 1;
        TrainerOptions options = kind == PcaDetectorTrainer.KindName
            ? new PcaDetectorOptions { Input = input, Contamination = 0.01, Smoothing = smoothing }
            : new IsolationForestOptions { Input = input, Contamination = 0.01, Smoothing = smoothing };
        return new TrainerSuggestion(options, new Dictionary<string, double>(), warnings);
    }

    private static List<string> TooFew(string kind, int windows)
    {
        var minimum = MinimumWindows(kind);
        return windows < minimum
            ? [$"Only {windows} windows for {kind}; at least {minimum} are advisable. Expect unstable results, or add data."]
            : [];
    }
}
