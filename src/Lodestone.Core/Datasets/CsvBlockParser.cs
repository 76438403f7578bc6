using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Lodestone.Datasets;

/// <summary>
/// Parses a line-aligned block of a CSV into a <see cref="CsvBlock"/>. Reads only the plain dialect DuckDB's reader would
/// read the same way: UTF-8 without NUL bytes or quotes, one separator, LF or CRLF line ends, exactly the header's number
/// of fields. Anything else marks the block unparsed and the import falls back to DuckDB, which then names the exact line
/// and column of a real error. Thread-safe: one instance serves all blocks of an import.
/// </summary>
internal sealed class CsvBlockParser(CsvBlockParser.Layout layout)
{
    /// <summary>Where the parts of a row are: field indexes in the header, channels in mapping order.</summary>
    /// <param name="FieldVector">The channel indexes of b_x, b_y, b_z, when the data has a field vector.</param>
    public sealed record Layout(byte Separator, int FieldCount, int TimeField, int SensorField, string FixedSensor,
        int[] ChannelFields, TimestampFormat Format, int[]? FieldVector, bool TimeOffsets = false);

    private readonly int[] channelOfField = ChannelsByField(layout);

    private static int[] ChannelsByField(Layout layout)
    {
        var map = Enumerable.Repeat(-1, layout.FieldCount).ToArray();
        for (var c = 0; c < layout.ChannelFields.Length; c++) map[layout.ChannelFields[c]] = c;
        return map;
    }

    /// <summary>The number of rows a block of these bytes can hold at most (its line count, plus one).</summary>
    public static int RowBound(ReadOnlySpan<byte> data) => data.Count((byte)'\n') + 1;

    /// <summary>Parses <paramref name="data"/> into <paramref name="block"/>, which must hold <see cref="RowBound"/> rows.</summary>
    public void Parse(ReadOnlySpan<byte> data, bool first, CsvBlock block)
    {
        if (first)
        {
            if (data.StartsWith(CsvPreflight.Utf8Bom)) data = data[3..];
            var header = data.IndexOf((byte)'\n');
            data = header < 0 ? [] : data[(header + 1)..];
        }
        block.Reset();
        if (data.IndexOfAny((byte)'"', (byte)0) >= 0 || !Utf8.IsValid(data)) return;
        block.Parsed = ParseRows(data, block);
        if (!block.Parsed) return;
        if (block.Sensors.Count <= 1)
        {
            for (var c = 0; c < block.Values.Length; c++) block.Moments[c].AddColumn(block.Values[c].AsSpan(0, block.Rows));
            block.SensorMoments.Add(block.Moments);
            block.RowsOfSensor[0] = block.Rows;
            return;
        }
        // Interleaved sensors: each sensor's moments in one pass a column, and the block's from theirs.
        var sensors = block.Sensors.Count;
        block.RowsOfSensor.AsSpan(0, sensors).Clear();
        var sensorOfRow = block.SensorOfRow.AsSpan(0, block.Rows);
        foreach (var s in sensorOfRow) block.RowsOfSensor[s]++;
        for (var s = 0; s < sensors; s++) block.SensorMoments.Add([.. block.Moments.Select(_ => new ChannelMoments())]);
        for (var c = 0; c < block.Values.Length; c++)
        {
            ChannelMoments.AddColumnBySensor(block.Values[c].AsSpan(0, block.Rows), sensorOfRow, block.SensorMoments, c);
            foreach (var moments in block.SensorMoments) block.Moments[c].Merge(moments[c]);
        }
    }

    private bool ParseRows(ReadOnlySpan<byte> data, CsvBlock block)
    {
        var separator = layout.Separator;
        var fields = layout.FieldCount;
        var values = block.Values;
        var channels = layout.ChannelFields.Length;
        var sensor = -1;
        ReadOnlySpan<byte> sensorBytes = [];
        if (layout.SensorField < 0) sensor = AddSensor(block, Encoding.UTF8.GetBytes(layout.FixedSensor));
        var rows = 0;
        long previous = long.MinValue;
        var previousSensor = -1;
        Span<bool> seen = stackalloc bool[CsvBlock.MaxSensors];
        // Regular clocks repeat one step: runs of an equal step are counted here and added to the histogram once a run ends.
        var (step, steps, crossStep, crossSteps) = (0L, 0L, 0L, 0L);
        while (data.Length > 0)
        {
            var end = data.IndexOf((byte)'\n');
            var line = end < 0 ? data : data[..end];
            data = end < 0 ? [] : data[(end + 1)..];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            long time = 0;
            for (var f = 0; f < fields; f++)
            {
                var lastField = f == fields - 1;
                var channel = channelOfField[f];
                if (channel >= 0)
                {
                    // Numbers are parsed in place: one pass over their bytes, then the separator (or the line's end) must follow.
                    double value;
                    int length;
                    if (line.Length == 0 || line[0] == separator) (value, length) = (double.NaN, 0);
                    else if ((length = Utf8Numbers.ParseDoublePrefix(line, out value)) < 0 || double.IsInfinity(value)) return false;
                    if (lastField ? length != line.Length : length >= line.Length || line[length] != separator) return false;
                    values[channel][rows] = value;
                    line = lastField ? [] : line[(length + 1)..];
                    continue;
                }
                ReadOnlySpan<byte> field;
                if (!lastField)
                {
                    var cut = line.IndexOf(separator);
                    if (cut < 0) return false;
                    field = line[..cut];
                    line = line[(cut + 1)..];
                }
                else
                {
                    if (line.Contains(separator)) return false;
                    field = line;
                }
                if (f == layout.TimeField)
                {
                    if (!TryParseTime(field, out time)) return false;
                }
                else if (f == layout.SensorField)
                {
                    if (field.Contains((byte)'\r')) return false;
                    if (sensor < 0 || !field.SequenceEqual(sensorBytes))
                    {
                        sensor = FindSensor(block, field);
                        if (sensor < 0) return false;
                        sensorBytes = block.SensorBytes[sensor];
                    }
                }
                else if (field.Contains((byte)'\r')) return false;
            }
            block.Times[rows] = time;
            block.SensorOfRow[rows] = sensor;
            if (layout.FieldVector is { } v)
            {
                var (x, y, z) = (values[v[0]][rows], values[v[1]][rows], values[v[2]][rows]);
                // The same expression and order as the query layer's sqrt(b_x * b_x + b_y * b_y + b_z * b_z): bit-identical.
                values[channels][rows] = Math.Sqrt(x * x + y * y + z * z);
            }
            if (rows > 0)
            {
                if (time < previous) block.OutOfOrder++;
                else if (sensor == previousSensor)
                {
                    if (time == previous) block.Duplicates++;
                    else if (time - previous == step) steps++;
                    else
                    {
                        Count(block.Steps, step, steps);
                        (step, steps) = (time - previous, 1);
                    }
                }
                else if (seen[sensor])
                {
                    var gap = time - block.LastTimeOfSensor[sensor];
                    if (gap == 0) block.CrossDuplicates++;
                    else if (gap == crossStep) crossSteps++;
                    else if (gap > 0)
                    {
                        Count(block.CrossSteps, crossStep, crossSteps);
                        (crossStep, crossSteps) = (gap, 1);
                    }
                }
            }
            if (!seen[sensor]) (seen[sensor], block.FirstTimeOfSensor[sensor]) = (true, time);
            block.LastTimeOfSensor[sensor] = time;
            (previous, previousSensor) = (time, sensor);
            rows++;
        }
        Count(block.Steps, step, steps);
        Count(block.CrossSteps, crossStep, crossSteps);
        block.Rows = rows;
        return true;
    }

    private static void Count(Dictionary<long, long> histogram, long step, long times)
    {
        if (times > 0) CollectionsMarshal.GetValueRefOrAddDefault(histogram, step, out _) += times;
    }

    private bool TryParseTime(ReadOnlySpan<byte> field, out long micros)
    {
        micros = 0;
        switch (layout.Format)
        {
            case TimestampFormat.Iso8601:
                return Utf8Numbers.TryParseIsoTimestamp(field, out micros, layout.TimeOffsets);
            case TimestampFormat.EpochMicroseconds:
                return Utf8Numbers.TryParseInteger(field, out micros);
            case TimestampFormat.EpochSeconds or TimestampFormat.EpochMilliseconds:
                if (!Utf8Numbers.TryParseDouble(field, out var number)) return false;
                // DuckDB: CAST(round(t * 1000000) AS BIGINT); round() rounds halves away from zero.
                var scaled = Math.Round(number * (layout.Format == TimestampFormat.EpochSeconds ? 1_000_000 : 1_000), MidpointRounding.AwayFromZero);
                if (!(Math.Abs(scaled) < 9.2e18)) return false;
                micros = (long)scaled;
                return true;
            default:
                return false;
        }
    }

    private static int FindSensor(CsvBlock block, ReadOnlySpan<byte> field)
    {
        for (var i = 0; i < block.SensorBytes.Count; i++)
            if (field.SequenceEqual(block.SensorBytes[i])) return i;
        // Many sensors interleaved in one block would make this search quadratic; DuckDB reads such files well enough.
        if (block.SensorBytes.Count >= CsvBlock.MaxSensors) return -1;
        return AddSensor(block, field.ToArray());
    }

    /// <summary>duckdb_string_t of a short string: uint32 length, the bytes, zero padding (little-endian layout).</summary>
    private static UInt128? Inlined(byte[] bytes)
    {
        if (bytes.Length > 12) return null;
        Span<byte> layout = stackalloc byte[16];
        layout.Clear();
        BitConverter.TryWriteBytes(layout, (uint)bytes.Length);
        bytes.CopyTo(layout[4..]);
        return BitConverter.ToUInt128(layout);
    }

    private static int AddSensor(CsvBlock block, byte[] bytes)
    {
        block.SensorBytes.Add(bytes);
        block.SensorInlined.Add(Inlined(bytes));
        block.Sensors.Add(Encoding.UTF8.GetString(bytes));
        return block.Sensors.Count - 1;
    }
}
