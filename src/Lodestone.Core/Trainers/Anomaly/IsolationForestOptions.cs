using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Lodestone.Trainers.Anomaly;

public sealed class IsolationForestOptions : AnomalyDetectorOptions
{
    [Description("Trees in the forest: more trees give steadier scores and take longer.")]
    [Range(1, 10_000)]
    public int Trees { get; set; } = 100;

    /// <summary>Rows per tree (ψ); 0 means min(256, rows), scikit-learn's "auto".</summary>
    [Description("Windows each tree is grown on; 0 takes min(256, windows), scikit-learn's \"auto\".")]
    [Range(0, 10_000_000)]
    public int MaxSamples { get; set; }

    /// <summary>Features each tree may split on: a fraction of the columns when ≤ 1, else a count.</summary>
    [Description("Features each tree may split on: a fraction of the columns when at most 1, else a count.")]
    [Range(0, 100_000, MinimumIsExclusive = true)]
    public double MaxFeatures { get; set; } = 1.0;
}
