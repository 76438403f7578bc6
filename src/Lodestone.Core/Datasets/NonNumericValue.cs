namespace Lodestone.Datasets;

/// <summary>A value in a channel column that is neither a number nor empty, where <see cref="CsvInspector"/> saw it first.</summary>
/// <param name="Line">The 1-based line of the file (the header is line 1).</param>
public sealed record NonNumericValue(string Column, long Line, string Value);
