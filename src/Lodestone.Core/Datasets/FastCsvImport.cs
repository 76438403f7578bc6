using System.Collections.Concurrent;
using DuckDB.NET.Data;
using Microsoft.Win32.SafeHandles;

namespace Lodestone.Datasets;

/// <summary>
/// The fast import path. A producer reads the CSV in line-aligned blocks, parses them on all cores with
/// <see cref="CsvBlockParser"/>, measures them in file order (<see cref="ImportMeasures"/>) and queues them for DuckDB,
/// which meanwhile streams them into the Parquet segment through <see cref="CsvBlockSource"/>. It gives up (returns null,
/// leaving nothing behind) on anything its parsers do not read exactly like DuckDB's reader; the importer then runs the
/// exact path, whose errors name the line and column.
/// </summary>
internal sealed class FastCsvImport(SampleDatabase database, CsvBlockParser.Layout layout, IReadOnlyList<ManifestChannel> storedChannels)
{
    private const int BlockBytes = 4 << 20;
    private readonly ConcurrentBag<CsvBlock> blocks = [];
    private readonly ConcurrentBag<byte[]> buffers = [];

    /// <summary>What the pass found. <see cref="Tiles"/> is null when level 1 must be built from the segment.</summary>
    public sealed record Outcome(
        string RawFile, long Rows, DateTime Start, DateTime End, long OutOfOrder, long Duplicates, double? MedianStepMicros,
        bool StepsKnown, IReadOnlyList<string> Sensors, ChannelMoments[] Moments, IReadOnlyList<ImportMeasures.SensorMoments> MomentsBySensor,
        PyramidTiles? Tiles);

    /// <summary>The parser layout of a mapping, or null when the fast path cannot read its timestamps.</summary>
    public static CsvBlockParser.Layout? LayoutFor(CsvMapping map, ImportPlan plan, IReadOnlyList<string> header, bool fieldVector)
    {
        if (map.TimestampFormat == TimestampFormat.Custom || map.Separator is not { } separator || separator > 127) return null;
        var index = header.ToList();
        var channels = plan.Channels.ToList();
        int[]? vector = fieldVector ? [.. new[] { "b_x", "b_y", "b_z" }.Select(n => channels.FindIndex(c => c.Column == n))] : null;
        return new CsvBlockParser.Layout((byte)separator, header.Count, index.IndexOf(plan.TimeColumn),
            plan.SensorColumn is null ? -1 : index.IndexOf(plan.SensorColumn), map.SensorId ?? "",
            [.. channels.Select(c => index.IndexOf(c.Name))], map.TimestampFormat, vector, plan.TimeHasOffsets);
    }

    private int MeasuredChannels => storedChannels.Count + (layout.FieldVector is null ? 0 : 1);

    public Outcome? Run(string csvPath, string staging, bool buildTiles, Action<double> progress, CancellationToken cancellationToken)
    {
        using var engine = CopyEngine();
        var raw = Path.Combine(staging, DatasetSealer.RawFile);
        using var measures = new ImportMeasures(database, staging, MeasuredChannels, layout.FieldVector, buildTiles);
        using var source = new CsvBlockSource(storedChannels, Environment.ProcessorCount + 1) { Served = blocks.Add }.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Its own thread (LongRunning): a blocked pool thread makes the pool add workers that spin while idle.
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                var complete = Produce(csvPath, measures, source, progress, stop.Token);
                if (!complete) source.Abandoned = true;
                return complete;
            }
            catch
            {
                source.Abandoned = true;
                throw;
            }
            finally
            {
                source.Complete();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var copied = false;
        try
        {
            using var command = engine.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM {CsvBlockSource.FunctionName}({source.Id})) TO {SqlText.Literal(raw)} ({database.Options.SegmentCopyOptions})";
            using (cancellationToken.Register(command.Cancel))
                command.ExecuteNonQuery();
            copied = true;
        }
        catch (DuckDBException) when (source.Abandoned || cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            // DuckDB may stop reading early (an error, a cancel): release the producer, which may wait on a full queue.
            if (!copied) stop.Cancel();
            try { producer.Wait(CancellationToken.None); } catch (AggregateException) { }
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (producer.IsFaulted && producer.Exception!.InnerException is not OperationCanceledException)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(producer.Exception.InnerException!);
        if (!copied || !producer.Result || measures.Rows == 0)
        {
            File.Delete(raw);
            return null;
        }
        var median = measures.Finish();
        return new Outcome(raw, measures.Rows, SqlText.FromMicros(measures.Start), SqlText.FromMicros(measures.End),
            measures.OutOfOrder, measures.Duplicates, median, measures.StepsKnown, measures.Sensors, measures.Moments, measures.MomentsBySensor, measures.TakeTiles());
    }

    /// <summary>
    /// An engine of its own for the COPY, with one thread: the source gives one task, and when a worker of a
    /// multi-threaded engine took it, the calling thread polled for tasks until the COPY ended (2-2.5 s of CPU for a
    /// 10M-row import, in about one import of three on the shared 2-core machine). With one thread the caller runs it.
    /// </summary>
    private DuckDBConnection CopyEngine()
    {
        var engine = new DuckDBConnection("DataSource=:memory:");
        try
        {
            engine.Open();
            SampleDatabase.Execute(engine, $"SET threads = 1; SET memory_limit = '{database.Options.MemoryLimitMegabytes}MB';");
            CsvBlockSource.Register(engine);
            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>Reads, parses and measures every block; false when a block is not plain enough for the fast path.</summary>
    private bool Produce(string csvPath, ImportMeasures measures, CsvBlockSource source, Action<double> progress, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var total = RandomAccess.GetLength(file);
        if (total == 0) return false;
        var parser = new CsvBlockParser(layout);
        // Dedicated threads rather than the thread pool: idle pool workers spin, which cost 40% more CPU here.
        using var jobs = new BlockingCollection<ParseJob>();
        var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            foreach (var job in jobs.GetConsumingEnumerable()) job.Run(this, parser);
        }) { IsBackground = true, Name = "CSV parser" }).ToList();
        workers.ForEach(w => w.Start());
        var pending = new Queue<ParseJob>();
        try
        {
            bool Next()
            {
                var job = pending.Dequeue();
                var block = job.Wait();
                buffers.Add(job.Buffer);
                if (!block.Parsed) return false;
                measures.Add(block);
                source.Add(block, cancellationToken);
                return true;
            }
            long offset = 0;
            var carried = Array.Empty<byte>();
            var first = true;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (buffer, length) = ReadBlock(file, offset, total, carried);
                offset += length - carried.Length;
                var last = offset >= total;
                var cut = last ? length : buffer.AsSpan(0, length).LastIndexOf((byte)'\n') + 1;
                carried = buffer.AsSpan(cut, length - cut).ToArray();
                if (cut == 0 && !last) { buffers.Add(buffer); continue; }
                var job = new ParseJob(buffer, cut, first);
                first = false;
                jobs.Add(job, cancellationToken);
                pending.Enqueue(job);
                if (pending.Count > Environment.ProcessorCount && !Next()) return false;
                progress((double)offset / total);
                if (last) break;
            }
            while (pending.Count > 0)
                if (!Next()) return false;
            return true;
        }
        finally
        {
            jobs.CompleteAdding();
            workers.ForEach(w => w.Join());
        }
    }

    /// <summary>One block for a parser thread; the producer waits for them in file order.</summary>
    private sealed class ParseJob(byte[] buffer, int length, bool first)
    {
        private readonly ManualResetEventSlim done = new(false, spinCount: 1);
        private CsvBlock? block;
        private Exception? error;

        public byte[] Buffer => buffer;

        public void Run(FastCsvImport import, CsvBlockParser parser)
        {
            try
            {
                block = import.ParseInto(parser, buffer, length, first);
            }
            catch (Exception e)
            {
                error = e;
            }
            done.Set();
        }

        public CsvBlock Wait()
        {
            done.Wait();
            done.Dispose();
            if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            return block!;
        }
    }

    private CsvBlock ParseInto(CsvBlockParser parser, byte[] buffer, int length, bool first)
    {
        var data = buffer.AsSpan(0, length);
        var bound = CsvBlockParser.RowBound(data);
        if (!blocks.TryTake(out var block) || block.Capacity < bound)
            // Room for the longest block of short lines, and no more: a line of n fields has at least 2n - 1 bytes, so
            // wide files get short blocks (1,024 columns at 65,536 rows would be 512 MB a block).
            block = new CsvBlock(Math.Max(bound, Math.Min(1 << 16, BlockBytes / (2 * layout.FieldCount - 1) + 2)), MeasuredChannels);
        parser.Parse(data, first, block);
        return block;
    }

    private (byte[] Buffer, int Length) ReadBlock(SafeFileHandle file, long offset, long total, byte[] carried)
    {
        if (!buffers.TryTake(out var buffer) || buffer.Length < BlockBytes + carried.Length)
            buffer = new byte[BlockBytes + Math.Max(carried.Length, 1 << 16)];
        carried.CopyTo(buffer, 0);
        var length = carried.Length;
        var want = (int)Math.Min(BlockBytes, total - offset);
        while (want > 0)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(length, want), offset);
            if (read == 0) break;
            (length, offset, want) = (length + read, offset + read, want - read);
        }
        return (buffer, length);
    }
}
