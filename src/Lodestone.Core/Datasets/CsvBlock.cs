using System.Buffers;

namespace Lodestone.Datasets;

/// <summary>
/// The parsed rows of one line-aligned block of a CSV, column by column, with what the block alone can tell about its
/// time axis and channel values. Missing and non-finite values are NaN (stored as NULL). Arrays are rented; the fast
/// import returns them once the rows are appended.
/// </summary>
internal sealed class CsvBlock
{
    public CsvBlock(int capacity, int channels, bool magnitude)
    {
        Times = ArrayPool<long>.Shared.Rent(Math.Max(1, capacity));
        SensorOfRow = ArrayPool<int>.Shared.Rent(Math.Max(1, capacity));
        Values = new double[channels + (magnitude ? 1 : 0)][];
        for (var c = 0; c < Values.Length; c++) Values[c] = ArrayPool<double>.Shared.Rent(Math.Max(1, capacity));
        Moments = new ChannelMoments[Values.Length];
        for (var c = 0; c < Moments.Length; c++) Moments[c] = new ChannelMoments();
    }

    /// <summary>False when the block holds anything the fast path does not read exactly like DuckDB: the import falls back.</summary>
    public bool Parsed { get; set; }
    public int Rows { get; set; }
    public long[] Times { get; }
    /// <summary>Channel values in mapping order, then |B| when the data has a field vector.</summary>
    public double[][] Values { get; }
    public int[] SensorOfRow { get; }
    public List<string> Sensors { get; } = [];
    public List<byte[]> SensorBytes { get; } = [];

    /// <summary>Steps back in time and repeated timestamps of the same sensor between neighbours inside the block.</summary>
    public long OutOfOrder { get; set; }
    public long Duplicates { get; set; }
    /// <summary>How often each forward step (µs) between neighbours of the same sensor occurs.</summary>
    public Dictionary<long, long> Steps { get; } = [];
    public ChannelMoments[] Moments { get; }

    public void Return()
    {
        ArrayPool<long>.Shared.Return(Times);
        ArrayPool<int>.Shared.Return(SensorOfRow);
        foreach (var values in Values) ArrayPool<double>.Shared.Return(values);
    }
}
