using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Microsoft.Win32.SafeHandles;

namespace Lodestone.Datasets;

/// <summary>
/// The fast import path: the CSV is read in line-aligned blocks parsed on all cores by <see cref="CsvBlockParser"/>; in
/// file order the rows are appended to a DuckDB table through <see cref="NativeAppender"/>, and every million rows the
/// table is written as a Parquet part while the next fills. On the way it measures what the sealer would otherwise read
/// back: the time axis, channel moments and, for time-sorted data, pyramid level 1. It gives up (returns null, leaving
/// nothing behind) on anything its parsers do not read exactly like DuckDB's reader; the importer then runs the exact path.
/// </summary>
internal sealed class FastCsvImport(SampleDatabase database, CsvBlockParser.Layout layout, IReadOnlyList<ManifestChannel> storedChannels)
{
    private IReadOnlyList<ManifestChannel> Stored => storedChannels;
    private CsvBlockParser.Layout Layout => layout;
    /// <summary>Stored channels, then |B| when the data has a field vector: the order of the manifest's AllChannels.</summary>
    private int Measured => storedChannels.Count + (layout.FieldVector is null ? 0 : 1);

    private const int BlockBytes = 4 << 20;
    private const long PartRows = 1 << 20;
    private const int MaxStepKinds = 100_000;

    /// <summary>What the pass found. <see cref="Tiles"/> is null when level 1 must be built from the segments.</summary>
    public sealed record Outcome(
        IReadOnlyList<string> RawFiles, long Rows, DateTime Start, DateTime End, long OutOfOrder, long Duplicates,
        double? MedianStepMicros, bool StepsKnown, IReadOnlyList<string> Sensors, ChannelMoments[] Moments, PyramidTiles? Tiles);

    /// <summary>The parser layout of a mapping, or null when the fast path cannot read its timestamps.</summary>
    public static CsvBlockParser.Layout? LayoutFor(CsvMapping map, ImportPlan plan, IReadOnlyList<string> header, bool fieldVector)
    {
        if (map.TimestampFormat == TimestampFormat.Custom || plan.TimeHasOffsets || map.Separator is not { } separator || separator > 127) return null;
        var index = header.ToList();
        var channelFields = plan.Channels.Select(c => index.IndexOf(c.Name)).ToArray();
        int[]? vector = fieldVector ? [.. new[] { "b_x", "b_y", "b_z" }.Select(n => plan.Channels.ToList().FindIndex(c => c.Column == n))] : null;
        return new CsvBlockParser.Layout((byte)separator, header.Count, index.IndexOf(plan.TimeColumn),
            plan.SensorColumn is null ? -1 : index.IndexOf(plan.SensorColumn), map.SensorId ?? "", channelFields, map.TimestampFormat, vector);
    }

    public Outcome? Run(DuckDBConnection connection, string csvPath, string staging, bool buildTiles, Action<double> progress, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var total = RandomAccess.GetLength(file);
        if (total == 0) return null;
        var parser = new CsvBlockParser(layout);
        var state = new Pass(this, connection, staging, buildTiles);
        var pending = new Queue<(Task<CsvBlock> Block, byte[] Buffer)>();
        var ok = false;
        try
        {
            long offset = 0;
            var carried = Array.Empty<byte>();
            var first = true;
            while (offset < total || carried.Length > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (buffer, length, next) = ReadBlock(file, offset, total, carried);
                offset = next;
                var data = buffer.AsMemory(0, length);
                var last = offset >= total;
                var cut = last ? length : data.Span.LastIndexOf((byte)'\n') + 1;
                if (cut == 0)
                {
                    carried = data.ToArray();
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    continue;
                }
                carried = data[cut..].ToArray();
                var isFirst = first;
                first = false;
                pending.Enqueue((Task.Run(() => parser.Parse(data.Span[..cut], isFirst), cancellationToken), buffer));
                if (pending.Count >= Environment.ProcessorCount + 1 && !Consume(pending, state)) return null;
                progress((double)offset / total);
                if (last) break;
            }
            while (pending.Count > 0)
                if (!Consume(pending, state)) return null;
            var outcome = state.Finish();
            ok = outcome is not null;
            return outcome;
        }
        finally
        {
            foreach (var (block, buffer) in pending)
            {
                try { block.Wait(CancellationToken.None); block.Result.Return(); } catch (AggregateException) { }
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
            state.Close(keepFiles: ok);
        }
    }

    private static (byte[] Buffer, int Length, long Next) ReadBlock(SafeFileHandle file, long offset, long total, byte[] carried)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BlockBytes + carried.Length);
        carried.CopyTo(buffer, 0);
        var length = carried.Length;
        var want = (int)Math.Min(BlockBytes, total - offset);
        while (want > 0)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(length, want), offset);
            if (read == 0) break;
            (length, offset, want) = (length + read, offset + read, want - read);
        }
        return (buffer, length, offset);
    }

    private static bool Consume(Queue<(Task<CsvBlock> Block, byte[] Buffer)> pending, Pass state)
    {
        var (task, buffer) = pending.Dequeue();
        var block = task.GetAwaiter().GetResult();
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        try
        {
            return block.Parsed && state.Add(block);
        }
        finally
        {
            block.Return();
        }
    }

    /// <summary>The ordered half of the pass: appends, part files, and the measures that need file order.</summary>
    private sealed class Pass(FastCsvImport owner, DuckDBConnection connection, string staging, bool buildTiles)
    {
        private readonly string prefix = $"fast_{Guid.NewGuid():N}";
        private readonly List<string> rawFiles = [];
        private readonly HashSet<string> sensors = [];
        private readonly Dictionary<long, long> steps = [];
        private readonly ChannelMoments[] moments = [.. Enumerable.Range(0, owner.Measured).Select(_ => new ChannelMoments())];
        private NativeAppender? appender;
        private string? table;
        private long tableRows, rows, outOfOrder, duplicates, previous, start, end = long.MinValue;
        private string? previousSensor;
        private bool stepsKnown = true;
        private Task? copying;
        private PyramidTiles? tiles;
        private bool tilesValid = buildTiles;
        private DuckDBConnection? copyConnection;

        public bool Add(CsvBlock block)
        {
            if (block.Rows == 0) return true;
            if (rows == 0)
            {
                start = block.Times[0];
                if (tilesValid && Median(block.Steps) is { } step)
                    tiles = new PyramidTiles(connection, $"{prefix}_tiles", owner.Measured, owner.Layout.FieldVector, start, TileMicros(step));
                else tilesValid = false;
            }
            else
            {
                var firstSensor = block.Sensors[block.SensorOfRow[0]];
                var time = block.Times[0];
                if (time < previous) outOfOrder++;
                else if (firstSensor == previousSensor)
                {
                    if (time == previous) duplicates++;
                    else steps[time - previous] = steps.GetValueOrDefault(time - previous) + 1;
                }
            }
            outOfOrder += block.OutOfOrder;
            duplicates += block.Duplicates;
            if (stepsKnown)
                foreach (var (step, count) in block.Steps) steps[step] = steps.GetValueOrDefault(step) + count;
            if (steps.Count > MaxStepKinds) (stepsKnown, tilesValid) = (false, false);
            if (outOfOrder > 0) tilesValid = false;
            foreach (var s in block.Sensors) sensors.Add(s);
            for (var c = 0; c < moments.Length; c++) moments[c].Merge(block.Moments[c]);
            if (tilesValid) tiles!.Add(block);
            previous = block.Times[block.Rows - 1];
            previousSensor = block.Sensors[block.SensorOfRow[block.Rows - 1]];
            foreach (var t in block.Times.AsSpan(0, block.Rows)) if (t > end) end = t;
            rows += block.Rows;
            Append(block);
            return true;
        }

        private static long TileMicros(long step) => Math.Max(1, step) * 32;

        private void Append(CsvBlock block)
        {
            if (appender is null)
            {
                table = $"{prefix}_{rawFiles.Count}";
                var columns = string.Join(", ", owner.Stored.Select(c => $"{SqlText.Identifier(c.Column)} DOUBLE"));
                SampleDatabase.Execute(connection, $"CREATE TABLE {table} (ts TIMESTAMP, sensor_id VARCHAR, {columns})");
                appender = new NativeAppender(connection, table,
                    [DuckDBType.Timestamp, DuckDBType.Varchar, .. owner.Stored.Select(_ => DuckDBType.Double)]);
            }
            for (var from = 0; from < block.Rows; from += NativeAppender.ChunkRows)
            {
                var count = Math.Min(NativeAppender.ChunkRows, block.Rows - from);
                appender.BeginChunk();
                appender.Longs(0, block.Times.AsSpan(from, count));
                for (var r = 0; r < count; r++) appender.String(1, r, block.SensorBytes[block.SensorOfRow[from + r]]);
                for (var c = 0; c < owner.Stored.Count; c++) appender.Doubles(2 + c, block.Values[c].AsSpan(from, count));
                appender.EndChunk(count);
            }
            tableRows += block.Rows;
            if (tableRows >= PartRows) WritePart();
        }

        private void WritePart()
        {
            if (appender is null) return;
            appender.Close();
            appender.Dispose();
            appender = null;
            var (source, target) = (table!, Path.Combine(staging, $"raw-{rawFiles.Count:D4}.parquet"));
            rawFiles.Add(target);
            tableRows = 0;
            // One part is written while the next fills: memory holds two parts at most.
            copying?.GetAwaiter().GetResult();
            copyConnection ??= owner.Connect();
            var copyOn = copyConnection;
            copying = Task.Run(() => SampleDatabase.Execute(copyOn,
                $"COPY {source} TO {SqlText.Literal(target)} ({owner.CopyOptions}); DROP TABLE {source};"));
        }

        public Outcome? Finish()
        {
            if (rows == 0) return null;
            WritePart();
            copying?.GetAwaiter().GetResult();
            copying = null;
            double? median = stepsKnown ? Median(steps) : null;
            if (tiles is not null && (!tilesValid || median is null || TileMicros((long)Math.Round(median.Value)) != tiles.TileMicros))
            {
                tiles.Dispose();
                tiles = null;
            }
            tiles?.Finish();
            return new Outcome(rawFiles, rows, SqlText.FromMicros(start), SqlText.FromMicros(end), outOfOrder, duplicates, median,
                stepsKnown, [.. sensors.Where(s => s.Length > 0).Order(StringComparer.Ordinal)], moments, tiles);
        }

        public void Close(bool keepFiles)
        {
            try { copying?.GetAwaiter().GetResult(); } catch (DuckDBException) when (!keepFiles) { }
            appender?.Dispose();
            if (keepFiles) { copyConnection?.Dispose(); return; }
            tiles?.Dispose();
            for (var part = 0; part <= rawFiles.Count; part++) SampleDatabase.Execute(connection, $"DROP TABLE IF EXISTS {prefix}_{part}");
            copyConnection?.Dispose();
            foreach (var raw in rawFiles) File.Delete(raw);
        }
    }

    private DuckDBConnection Connect() => database.Connect();
    private string CopyOptions => database.Options.SegmentCopyOptions;

    /// <summary>The lower median of a histogram of steps; null when there are none.</summary>
    public static long? Median(Dictionary<long, long> histogram)
    {
        var total = histogram.Values.Sum();
        if (total == 0) return null;
        var seen = 0L;
        foreach (var (step, count) in histogram.OrderBy(p => p.Key))
        {
            seen += count;
            if (seen * 2 >= total) return step;
        }
        return null;
    }
}
