namespace Lodestone.Trainers.Anomaly;

/// <summary>What an anomaly detector scores: each window's values as they are, or its summary features.</summary>
public enum AnomalyInput
{
    /// <summary>Raw values for windows of one sample (per-point detection), summary features for longer windows.</summary>
    Auto,
    Raw,
    Features,
}

/// <summary>Where the decision threshold on scores comes from.</summary>
public enum ThresholdSource
{
    /// <summary>The (1 − contamination) quantile of the training scores, as scikit-learn sets its offset.</summary>
    Contamination,
    /// <summary>The threshold with the best F1 on the labelled windows of the training data (anomaly label vs. other labels).</summary>
    Validation,
}

/// <summary>Options every anomaly detector shares.</summary>
public abstract class AnomalyDetectorOptions : TrainerOptions
{
    public AnomalyInput Input { get; set; } = AnomalyInput.Auto;

    /// <summary>Scale every input column to zero mean and unit variance over the training data.</summary>
    public bool Standardize { get; set; } = true;

    /// <summary>The expected share of anomalies in the training data, in (0, 0.5].</summary>
    public double Contamination { get; set; } = 0.01;

    public ThresholdSource ThresholdSource { get; set; } = ThresholdSource.Contamination;

    /// <summary>The label that marks anomalous windows when the threshold comes from labelled data.</summary>
    public string AnomalyLabel { get; set; } = "anomaly";

    /// <summary>Spectral bands per channel when scoring summary features.</summary>
    public int Bands { get; set; } = 4;
}
