namespace Lodestone.Datasets;

public enum ImportStage
{
    /// <summary>Reading the file once to check its encoding and count its lines.</summary>
    Checking = 0,
    /// <summary>Parsing the CSV into a Parquet segment.</summary>
    Converting = 1,
    /// <summary>Only when the timestamps were out of order.</summary>
    Sorting = 2,
    /// <summary>Statistics and the chart pyramid.</summary>
    Profiling = 3,
    Done = 4,
}
