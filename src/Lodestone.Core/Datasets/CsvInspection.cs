namespace Lodestone.Datasets;

/// <summary>What <see cref="CsvInspector"/> found in a CSV's first lines, and the mapping it proposes for the user to confirm.</summary>
public sealed record CsvInspection(
    char Separator,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> NumericColumns,
    CsvMapping Mapping,
    IReadOnlyList<IReadOnlyList<string>> Preview)
{
    public DatasetSchema Schema => Mapping.Schema;
}
