namespace Lodestone.Datasets;

public enum ImportStage
{
    /// <summary>Reading the file once to check its encoding and count its lines.</summary>
    Checking = 0,
    /// <summary>Parsing the CSV into a Parquet segment.</summary>
    Converting = 1,
    /// <summary>Only when the timestamps were out of order.</summary>
    Sorting = 2,
    /// <summary>Statistics, order and duplicate checks.</summary>
    Profiling = 3,
    /// <summary>Writing the min/max pyramid that wide chart queries read.</summary>
    Indexing = 4,
    Done = 5,
}
