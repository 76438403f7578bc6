namespace Lodestone.Datasets;

/// <summary>What <see cref="CsvInspector"/> found in a CSV's first lines, and the mapping it proposes for the user to confirm.</summary>
/// <param name="NumericColumns">Columns with numbers among their first values, also those with some values that are not numbers.</param>
/// <param name="NonNumericValues">The first value that is not a number in each proposed channel, where the first lines have one:
/// the import refuses it unless the mapping sets <see cref="CsvMapping.NonNumericAsMissing"/>.</param>
public sealed record CsvInspection(
    char Separator,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> NumericColumns,
    CsvMapping Mapping,
    IReadOnlyList<IReadOnlyList<string>> Preview,
    IReadOnlyList<NonNumericValue>? NonNumericValues = null)
{
    public DatasetSchema Schema => Mapping.Schema;
}
