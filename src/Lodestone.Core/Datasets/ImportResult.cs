namespace Lodestone.Datasets;

/// <summary>
/// A finished import: the profile of the stored samples and what the importer had to do about the input.
/// Duplicated timestamps (same sensor, same instant) are kept and reported, not rejected: recorders with coarse
/// clocks write them legitimately, and dropping either sample would lose data.
/// </summary>
public sealed record ImportResult(
    DatasetProfile Profile,
    DatasetSchema Schema,
    bool Sorted,
    long DuplicateTimestamps,
    IReadOnlyList<DateTime> DuplicateExamples,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when <see cref="FastCsvImport"/> read the file (tests compare both paths).</summary>
    internal bool FastPath { get; init; }

    /// <summary>
    /// True when sealing read the stored segment back to measure it (time axis, statistics, pyramid level 1); false when
    /// everything came from what <see cref="FastCsvImport"/> measured while reading (tests check the fast path stays so).
    /// </summary>
    internal bool SegmentsReadBack { get; init; }
}
