using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace Lodestone.Datasets;

/// <summary>
/// Parsed blocks, in file order, served to DuckDB as the table function <c>lodestone_csv_blocks(id)</c> so that
/// <c>COPY (SELECT * FROM lodestone_csv_blocks(id)) TO 'x.parquet'</c> streams them into Parquet: each data chunk is a
/// memory copy per column, nothing is stored in a DuckDB table first (appending to one and copying it out cost 0.3 s of
/// CPU per million rows more, and memory). The function is registered with the engine through the C API, since
/// DuckDB.NET's managed table functions map every row through a callback.
/// </summary>
internal sealed unsafe class CsvBlockSource(IReadOnlyList<ManifestChannel> stored, int capacity) : IDisposable
{
    public const string FunctionName = "lodestone_csv_blocks";
    private static readonly ConcurrentDictionary<long, CsvBlockSource> Open = new();
    private static long nextId;

    private readonly IReadOnlyList<ManifestChannel> stored = stored;
    private readonly BlockingCollection<CsvBlock> queue = new(capacity);
    private CsvBlock? current;

    public long Id { get; } = Interlocked.Increment(ref nextId);

    /// <summary>Set by the producer when it gives up; the function then fails the COPY.</summary>
    public volatile bool Abandoned;

    /// <summary>Called with each block once DuckDB has copied all its rows.</summary>
    public Action<CsvBlock>? Served { get; init; }

    public CsvBlockSource Start()
    {
        Open[Id] = this;
        return this;
    }

    public void Add(CsvBlock block, CancellationToken cancellationToken) => queue.Add(block, cancellationToken);

    public void Complete() => queue.CompleteAdding();

    /// <summary>Registers the function with the engine of <paramref name="connection"/>.</summary>
    public static void Register(DuckDBConnection connection)
    {
        var function = NativeMethods.TableFunction.DuckDBCreateTableFunction();
        try
        {
            NativeMethods.TableFunction.DuckDBTableFunctionSetName(function, FunctionName);
            using (var type = NativeMethods.LogicalType.DuckDBCreateLogicalType(DuckDBType.BigInt))
                NativeMethods.TableFunction.DuckDBTableFunctionAddParameter(function, type);
            NativeMethods.TableFunction.DuckDBTableFunctionSetBind(function, &Bind);
            NativeMethods.TableFunction.DuckDBTableFunctionSetInit(function, &Init);
            NativeMethods.TableFunction.DuckDBTableFunctionSetFunction(function, &Produce);
            if (NativeMethods.TableFunction.DuckDBRegisterTableFunction(connection.NativeConnection, function) != DuckDBState.Success)
                throw new InvalidOperationException($"DuckDB refused the table function {FunctionName}.");
        }
        finally
        {
            NativeMethods.TableFunction.DuckDBDestroyTableFunction(ref function);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Bind(IntPtr info)
    {
        try
        {
            long id;
            using (var value = NativeMethods.TableFunction.DuckDBBindGetParameter(info, 0)) id = NativeMethods.Value.DuckDBGetInt64(value);
            if (!Open.TryGetValue(id, out var source)) { NativeMethods.TableFunction.DuckDBBindSetError(info, $"No CSV block source {id}."); return; }
            AddColumn(info, "ts", DuckDBType.Timestamp);
            AddColumn(info, "sensor_id", DuckDBType.Varchar);
            foreach (var channel in source.stored) AddColumn(info, channel.Column, DuckDBType.Double);
            NativeMethods.TableFunction.DuckDBBindSetBindData(info, (IntPtr)id, &Forget);
        }
        catch (Exception e)
        {
            NativeMethods.TableFunction.DuckDBBindSetError(info, e.Message);
        }
    }

    private static void AddColumn(IntPtr info, string name, DuckDBType type)
    {
        using var logical = NativeMethods.LogicalType.DuckDBCreateLogicalType(type);
        NativeMethods.TableFunction.DuckDBBindAddResultColumn(info, name, logical);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Forget(IntPtr data) { }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Init(IntPtr info) { }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Produce(IntPtr info, IntPtr output)
    {
        try
        {
            var id = (long)NativeMethods.TableFunction.DuckDBFunctionGetBindData(info);
            var chunk = new DuckDBDataChunk(output);
            var rows = Open.TryGetValue(id, out var source) ? source.Fill(chunk) : -1;
            if (rows < 0)
            {
                NativeMethods.TableFunction.DuckDBFunctionSetError(info, "The fast CSV reader gave up on this file.");
                return;
            }
            NativeMethods.DataChunks.DuckDBDataChunkSetSize(chunk, (ulong)rows);
        }
        catch (Exception e)
        {
            NativeMethods.TableFunction.DuckDBFunctionSetError(info, e.Message);
        }
    }

    /// <summary>Copies the next rows (at most one vector) into the chunk: their count, 0 at the end, −1 when abandoned.</summary>
    private int Fill(DuckDBDataChunk chunk)
    {
        while (current is null || current.Served == current.Rows)
        {
            if (current is not null) Served?.Invoke(current);
            current = null;
            if (Abandoned) return -1;
            if (!queue.TryTake(out var next, Timeout.Infinite)) return Abandoned ? -1 : 0;
            current = next;
        }
        var block = current;
        var (from, count) = (block.Served, Math.Min(NativeAppender.ChunkRows, block.Rows - block.Served));
        block.Times.AsSpan(from, count).CopyTo(new Span<long>(NativeMethods.Vectors.DuckDBVectorGetData(Vector(chunk, 0)), count));
        var sensors = Vector(chunk, 1);
        // Short ids (the usual case) are written as DuckDB's inlined strings straight into the vector: one store a row
        // on DuckDB's single COPY thread instead of a call into DuckDB.
        var strings = (UInt128*)NativeMethods.Vectors.DuckDBVectorGetData(sensors);
        for (var r = 0; r < count; r++)
        {
            var sensor = block.SensorOfRow[from + r];
            if (block.SensorInlined[sensor] is { } inlined) strings[r] = inlined;
            else
            {
                var bytes = block.SensorBytes[sensor];
                // The unchecked assign: the parser has validated the block as UTF-8 already.
                fixed (byte* pointer = bytes) NativeMethods.Vectors.DuckDBUnsafeVectorAssignStringElementLength(sensors, (ulong)r, pointer, bytes.Length);
            }
        }
        for (var c = 0; c < stored.Count; c++) NativeAppender.CopyDoubles(Vector(chunk, 2 + c), block.Values[c].AsSpan(from, count));
        block.Served += count;
        return count;
    }

    private static IntPtr Vector(DuckDBDataChunk chunk, int column) => NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, column);

    public void Dispose()
    {
        Open.TryRemove(Id, out _);
        queue.Dispose();
    }
}
