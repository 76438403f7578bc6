namespace Lodestone.Drift;

/// <summary>Shares of the reference and current samples per bin; <see cref="Edges"/> has one more entry than each.</summary>
public sealed record DriftHistogram(double[] Edges, double[] Reference, double[] Current);
