namespace Lodestone.Datasets;

/// <summary>
/// The parsed rows of one line-aligned block of a CSV, column by column, with what the block alone can tell about its
/// time axis and channel values. Missing and non-finite values are NaN (stored as NULL). Blocks are reused by one
/// import (<see cref="Reset"/>): a few dozen MB in flight instead of a fresh allocation per block.
/// </summary>
internal sealed class CsvBlock
{
    public CsvBlock(int capacity, int valueColumns)
    {
        Capacity = capacity;
        Times = new long[capacity];
        SensorOfRow = new int[capacity];
        Values = new double[valueColumns][];
        for (var c = 0; c < Values.Length; c++) Values[c] = new double[capacity];
        Moments = new ChannelMoments[valueColumns];
        for (var c = 0; c < Moments.Length; c++) Moments[c] = new ChannelMoments();
    }

    public int Capacity { get; }

    /// <summary>False when the block holds anything the fast path does not read exactly like DuckDB: the import falls back.</summary>
    public bool Parsed { get; set; }
    public int Rows { get; set; }
    public long[] Times { get; }
    /// <summary>Channel values in mapping order, then |B| when the data has a field vector.</summary>
    public double[][] Values { get; }
    public int[] SensorOfRow { get; }
    public List<string> Sensors { get; } = [];
    public List<byte[]> SensorBytes { get; } = [];
    /// <summary>Each sensor id as DuckDB's 16-byte inlined string (length, then up to 12 bytes), or null when longer.</summary>
    public List<UInt128?> SensorInlined { get; } = [];

    /// <summary>Steps back in time and repeated timestamps of the same sensor between neighbours inside the block.</summary>
    public long OutOfOrder { get; set; }
    public long Duplicates { get; set; }
    /// <summary>How often each forward step (µs) between neighbours of the same sensor occurs.</summary>
    public Dictionary<long, long> Steps { get; } = [];

    /// <summary>
    /// Steps and repeated timestamps between a row and the previous row of its sensor where that is not its neighbour
    /// (interleaved sensors): with <see cref="Steps"/> and <see cref="Duplicates"/>, each sensor's own steps.
    /// </summary>
    public Dictionary<long, long> CrossSteps { get; } = [];
    public long CrossDuplicates { get; set; }

    /// <summary>The first and last timestamp of each sensor (by index into <see cref="Sensors"/>) in the block.</summary>
    public long[] FirstTimeOfSensor { get; } = new long[MaxSensors];
    public long[] LastTimeOfSensor { get; } = new long[MaxSensors];

    /// <summary>More sensors in one block are left to DuckDB (finding a row's sensor would get slow).</summary>
    public const int MaxSensors = 256;
    public ChannelMoments[] Moments { get; private set; }

    /// <summary>Each sensor's rows and channel moments in the block (by index into <see cref="Sensors"/>); with one sensor, its
    /// moments are <see cref="Moments"/>.</summary>
    public int[] RowsOfSensor { get; } = new int[MaxSensors];
    public List<ChannelMoments[]> SensorMoments { get; } = [];

    /// <summary>Rows already handed to DuckDB by the table function.</summary>
    public int Served { get; set; }

    public void Reset()
    {
        (Parsed, Rows, OutOfOrder, Duplicates, CrossDuplicates, Served) = (false, 0, 0, 0, 0, 0);
        CrossSteps.Clear();
        Sensors.Clear();
        SensorBytes.Clear();
        SensorInlined.Clear();
        Steps.Clear();
        SensorMoments.Clear();
        Moments = [.. Moments.Select(_ => new ChannelMoments())];
    }
}
