namespace Lodestone.Datasets;

/// <summary>Limits for the embedded DuckDB engine behind the sample store and the CSVs it imports. Bound from <c>Lodestone:SampleStore</c>.</summary>
public sealed record SampleStoreOptions
{
    public const string Section = "Lodestone:SampleStore";

    /// <summary>
    /// The most columns a CSV may have. Wider files are refused before any work starts: the import holds every column of a
    /// block of rows in memory, and DuckDB ran out of memory on a 5,000-column file. Sensor recordings have tens.
    /// </summary>
    public int MaxCsvColumns { get; init; } = 1_024;

    /// <summary>DuckDB's memory limit; big sorts and aggregates spill to the staging folder beyond it.</summary>
    public int MemoryLimitMegabytes { get; init; } = 320;

    /// <summary>Worker threads DuckDB may use; defaults to the machine's cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Rows per Parquet row group in dataset segments. Smaller than DuckDB's default (122,880) so that a narrow chart range
    /// decodes a few small row groups, found through their time statistics, rather than one large one.
    /// </summary>
    public const int SegmentRowGroupSize = 32_768;

    /// <summary>
    /// The COPY options of dataset segments. Parquet V2 pages and a small dictionary limit (columns of measured values rarely
    /// repeat, so building a dictionary for them is wasted work) cut the writer's CPU time by about a fifth for a few % more disk.
    /// LZ4_RAW rather than ZSTD level 1: 0.2 s less CPU on the import's one COPY thread per 10M rows (2.1 s against 2.3 s
    /// to write a 10M-row, three-sensor segment), 9 % more disk (228 MB against 210 MB), chart queries over the segment
    /// alike (18-26 ms either way at 1/100 and 1/1000 of the range). Datasets written with ZSTD read as before.
    /// </summary>
    internal string SegmentCopyOptions =>
        $"FORMAT parquet, COMPRESSION lz4_raw, ROW_GROUP_SIZE {SegmentRowGroupSize}, PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1000";

    /// <summary>
    /// Parse plain CSVs (ISO 8601 or epoch timestamps, no quotes) with the parallel C# reader of <see cref="FastCsvImport"/>,
    /// which also measures the data while reading; DuckDB's reader remains the path for everything else and for errors.
    /// Off only to compare both paths.
    /// </summary>
    public bool FastCsvImport { get; init; } = true;

    /// <summary>Datasets above this many rows get a min/max pyramid at import, so wide chart queries never scan every row.</summary>
    public long PyramidThresholdRows { get; init; } = 200_000;

    /// <summary>
    /// The pyramid's first level is aggregated this many rows at a time: DuckDB's hash table over all tiles at once grows
    /// with the dataset (about 240 MB for 10M rows, 400 MB for 20M) and used to set the import's peak memory.
    /// </summary>
    public long PyramidChunkRows { get; init; } = 2_000_000;
}
