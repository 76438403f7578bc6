namespace Lodestone.Datasets;

/// <summary>
/// The sensor ids a fast import has met, numbered in the order they appeared, with each block's own sensor indexes mapped
/// to these numbers and the ids in DuckDB's order (bytewise on UTF-8, as <c>ORDER BY sensor_id</c> sorts them).
/// Not thread-safe: the producer thread maps the blocks.
/// </summary>
internal sealed class ImportSensors
{
    private readonly Dictionary<string, int> numbers = [];
    private readonly List<byte[]> bytes = [];
    private int[] map = new int[CsvBlock.MaxSensors];

    public List<string> Names { get; } = [];

    /// <summary>The numbers of all ids, sorted as DuckDB sorts the ids.</summary>
    public int[] Order { get; private set; } = [];

    public int Count => Names.Count;

    /// <summary>Each of the block's sensors' number (indexed like <see cref="CsvBlock.Sensors"/>); valid until the next call.</summary>
    public ReadOnlySpan<int> Map(CsvBlock block)
    {
        if (map.Length < block.Sensors.Count) map = new int[block.Sensors.Count];
        var added = false;
        for (var s = 0; s < block.Sensors.Count; s++)
        {
            if (!numbers.TryGetValue(block.Sensors[s], out var number))
            {
                number = numbers[block.Sensors[s]] = Names.Count;
                Names.Add(block.Sensors[s]);
                bytes.Add(block.SensorBytes[s]);
                added = true;
            }
            map[s] = number;
        }
        if (added) Order = [.. Enumerable.Range(0, Names.Count).Order(Comparer<int>.Create((a, b) => bytes[a].AsSpan().SequenceCompareTo(bytes[b])))];
        return map.AsSpan(0, block.Sensors.Count);
    }
}
