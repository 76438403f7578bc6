namespace Lodestone.Trainers.Anomaly;

public sealed class IsolationForestOptions : AnomalyDetectorOptions
{
    public int Trees { get; set; } = 100;

    /// <summary>Rows per tree (ψ); 0 means min(256, rows), scikit-learn's "auto".</summary>
    public int MaxSamples { get; set; }

    /// <summary>Features each tree may split on: a fraction of the columns when ≤ 1, else a count.</summary>
    public double MaxFeatures { get; set; } = 1.0;
}
