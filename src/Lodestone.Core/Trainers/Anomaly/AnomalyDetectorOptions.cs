using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

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
    [Description("What is scored: Raw values of each window, its summary Features (statistics and spectral bands per channel), or Auto (raw for one-sample windows, features otherwise).")]
    public AnomalyInput Input { get; set; } = AnomalyInput.Auto;

    /// <summary>Scale every input column to zero mean and unit variance over the training data.</summary>
    [Description("Scale every input column to zero mean and unit variance over the training data, so no channel dominates by its unit.")]
    public bool Standardize { get; set; } = true;

    /// <summary>The expected share of anomalies in the training data, in (0, 0.5].</summary>
    [Description("The expected share of anomalous windows in the training data: the threshold flags this share of them.")]
    [Range(0, 0.5, MinimumIsExclusive = true)]
    public double Contamination { get; set; } = 0.01;

    [Description("Where the threshold comes from: Contamination (a quantile of the training scores) or Validation (the best F1 on the training data's labelled windows).")]
    public ThresholdSource ThresholdSource { get; set; } = ThresholdSource.Contamination;

    /// <summary>
    /// Windows in a trailing mean of scores, applied before the threshold (which is then set on smoothed training
    /// scores): a fault lasting many windows stands out from single noisy ones. 1 scores each window alone.
    /// </summary>
    [Description("Windows in a trailing mean of the scores before the threshold: a fault lasting many windows stands out from single noisy ones; 1 scores each window alone.")]
    [Range(1, 10_000)]
    public int Smoothing { get; set; } = 1;

    /// <summary>The label that marks anomalous windows when the threshold comes from labelled data.</summary>
    [Description("The label that marks anomalous windows, for the Validation threshold and the report.")]
    public string AnomalyLabel { get; set; } = "anomaly";

    /// <summary>Spectral bands per channel when scoring summary features.</summary>
    [Description("Spectral bands per channel in the summary features: more bands resolve the spectrum more finely.")]
    [Range(1, 64)]
    public int Bands { get; set; } = 4;
}
