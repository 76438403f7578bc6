using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Lodestone.Trainers.Classification;

public sealed class LightGbmOptions : TrainerOptions
{
    [Description("Boosting rounds, one tree each: more rounds fit the training data more closely.")]
    [Range(1, 100_000)]
    public int Iterations { get; set; } = 100;

    [Description("How much each tree corrects the ones before it: smaller learns more slowly and usually generalises better with more rounds.")]
    [Range(0, 1, MinimumIsExclusive = true)]
    public double LearningRate { get; set; } = 0.1;

    [Description("Leaves per tree: more leaves fit finer interactions between features.")]
    [Range(2, 131_072)]
    public int Leaves { get; set; } = 15;

    /// <summary>Fewest windows in a leaf; 0 scales it with the data (the library's 20 cannot split a few dozen windows).</summary>
    [Description("Fewest windows in a leaf; 0 scales it with the data. Larger values keep trees from fitting single windows.")]
    [Range(0, 1_000_000)]
    public int MinimumWindowsPerLeaf { get; set; }

    /// <summary>
    /// Share of the features each tree may use (LightGBM's feature_fraction). Below 1 the trees see different features,
    /// as a random forest's do, which keeps a few dozen windows from being fitted by a handful of features.
    /// </summary>
    [Description("Share of the features each tree may use: below 1 the trees see different features, as a random forest's do.")]
    [Range(0, 1, MinimumIsExclusive = true)]
    public double FeatureFraction { get; set; } = 1.0;

    /// <summary>Share of the windows each tree is grown on, drawn anew every iteration (bagging); 1 uses all.</summary>
    [Description("Share of the windows each tree is grown on, drawn anew every round; 1 uses all.")]
    [Range(0, 1, MinimumIsExclusive = true)]
    public double RowFraction { get; set; } = 1.0;

    /// <summary>
    /// Share of the windows, the latest by time in each dataset, held out from the fit to draw the validation curve
    /// (<c>val_loss</c>, <c>val_accuracy</c> per boosting round). 0 fits every window and draws the training curve only:
    /// with a few dozen windows each one matters more to the model than a validation curve does.
    /// </summary>
    [Description("Share of the training windows, the latest by time, held out to draw the validation curve; 0 fits on every window.")]
    [Range(0, 1, MaximumIsExclusive = true)]
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Weight windows inversely to their class's frequency, so rare classes count as much as common ones.</summary>
    [Description("Weight windows inversely to their class's frequency, so rare classes count as much as common ones.")]
    public bool BalanceClasses { get; set; } = true;

    /// <summary>Labels the data must contain; Check lists those missing. Empty: whatever labels the data have.</summary>
    [Description("Labels the data must contain (the run stops if one is missing); empty takes whatever labels the data have.")]
    public List<string> Labels { get; set; } = [];

    /// <summary>Spectral bands per channel in the window features.</summary>
    [Description("Spectral bands per channel in the window features.")]
    [Range(1, 64)]
    public int Bands { get; set; } = 4;
}
