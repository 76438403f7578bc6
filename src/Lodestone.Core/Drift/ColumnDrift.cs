namespace Lodestone.Drift;

/// <summary>
/// One column's drift: the test Evidently's defaults choose for it (<see cref="ColumnDriftTest"/>), its statistic (KS D,
/// or the normed Wasserstein distance), the KS p-value, the threshold (on the p-value for KS, on the distance for
/// Wasserstein) and whether the column drifted, its population stability index, the sample sizes, and both samples'
/// histograms over the same bins for the report's chart.
/// </summary>
public sealed record ColumnDrift(
    string Column,
    string Kind,
    string Test,
    double Statistic,
    double? PValue,
    double Threshold,
    bool Drifted,
    double Psi,
    bool PsiDrifted,
    int ReferenceCount,
    int CurrentCount,
    double ReferenceMean,
    double CurrentMean,
    DriftHistogram Histogram);

