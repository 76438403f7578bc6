namespace Lodestone.Datasets;

/// <summary>At most N measured (b_x, b_y, b_z) vectors spread evenly over a range, for the 3D view.</summary>
public sealed record FieldVectorSample(DateTime[] Times, double[] X, double[] Y, double[] Z);
