namespace Lodestone.Datasets;

/// <summary>How far an import is. <see cref="Fraction"/> covers the whole import, for a single progress bar.</summary>
public sealed record ImportProgress(ImportStage Stage, long BytesDone, long BytesTotal, double Fraction);
