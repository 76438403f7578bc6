namespace Lodestone.Archives;

/// <summary>How far an export or import is: the stage, and bytes of files done out of all of them.</summary>
public readonly record struct ArchiveProgress(string Stage, long Bytes, long TotalBytes)
{
    public double Fraction => TotalBytes == 0 ? 0 : Math.Min(1, (double)Bytes / TotalBytes);
}
