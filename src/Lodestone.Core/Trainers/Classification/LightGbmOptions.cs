namespace Lodestone.Trainers.Classification;

public sealed class LightGbmOptions : TrainerOptions
{
    public int Iterations { get; set; } = 100;
    public double LearningRate { get; set; } = 0.1;
    public int Leaves { get; set; } = 15;

    /// <summary>Fewest windows in a leaf; 0 scales it with the data (the library's 20 cannot split a few dozen windows).</summary>
    public int MinimumWindowsPerLeaf { get; set; }

    /// <summary>
    /// Share of the features each tree may use (LightGBM's feature_fraction). Below 1 the trees see different features,
    /// as a random forest's do, which keeps a few dozen windows from being fitted by a handful of features.
    /// </summary>
    public double FeatureFraction { get; set; } = 1.0;

    /// <summary>Share of the windows each tree is grown on, drawn anew every iteration (bagging); 1 uses all.</summary>
    public double RowFraction { get; set; } = 1.0;

    /// <summary>
    /// Share of the windows, the latest by time in each dataset, held out from the fit to draw the validation curve
    /// (<c>val_loss</c>, <c>val_accuracy</c> per boosting round). 0 fits every window and draws the training curve only:
    /// with a few dozen windows each one matters more to the model than a validation curve does.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Weight windows inversely to their class's frequency, so rare classes count as much as common ones.</summary>
    public bool BalanceClasses { get; set; } = true;

    /// <summary>Labels the data must contain; Check lists those missing. Empty: whatever labels the data have.</summary>
    public List<string> Labels { get; set; } = [];

    /// <summary>Spectral bands per channel in the window features.</summary>
    public int Bands { get; set; } = 4;
}
