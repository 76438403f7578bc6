namespace Lodestone.Trainers.Anomaly;

public sealed class PcaDetectorOptions : AnomalyDetectorOptions
{
    /// <summary>Principal components kept; 0 chooses about a third of the input columns (at least 1, fewer than the columns).</summary>
    public int Rank { get; set; }

    /// <summary>Extra random projections of the randomized SVD; more is more accurate and slower.</summary>
    public int Oversampling { get; set; } = 20;
}
