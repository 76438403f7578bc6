using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Lodestone.Trainers.Anomaly;

public sealed class PcaDetectorOptions : AnomalyDetectorOptions
{
    /// <summary>Principal components kept; 0 chooses about a third of the input columns (at least 1, fewer than the columns).</summary>
    [Description("Principal components kept; a window scores by how badly they reconstruct it. 0 keeps about a third of the input columns.")]
    [Range(0, 10_000)]
    public int Rank { get; set; }

    /// <summary>Extra random projections of the randomized SVD; more is more accurate and slower.</summary>
    [Description("Extra random projections of the randomized SVD: more is more accurate and slower.")]
    [Range(0, 1_000)]
    public int Oversampling { get; set; } = 20;
}
