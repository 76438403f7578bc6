using System.Buffers;
using System.Text.Unicode;

namespace Lodestone.Datasets;

/// <summary>
/// One sequential pass over the raw bytes before DuckDB sees them: rejects UTF-16/UTF-32 files and invalid UTF-8 with the
/// line it occurs on, and counts lines. Vectorised, so it costs a fraction of the parse; it also reports the first progress.
/// </summary>
internal static class CsvPreflight
{
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public sealed record Result(long Bytes, long Lines);

    public static void RejectForeignEncoding(ReadOnlySpan<byte> start, string fileName)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw new ImportException(fileName, null, null, "The file is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it as UTF-8 and upload it again.");
        if (start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            throw new ImportException(fileName, null, null, "The file is UTF-32 encoded; save it as UTF-8 and upload it again.");
        if (start.Length >= 2 && (start[0] == 0 || start[1] == 0))
            throw new ImportException(fileName, 1, null, "The file contains NUL bytes: it is binary or UTF-16 without a byte order mark; save it as UTF-8.");
    }

    public static Result Scan(string path, string fileName, Action<long>? progress, CancellationToken cancellationToken)
    {
        const int ChunkSize = 4 << 20;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var total = stream.Length;
        if (total == 0) throw new ImportException(fileName, null, null, "The file is empty.");
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize + 4);
        var chars = ArrayPool<char>.Shared.Rent(ChunkSize + 4);
        try
        {
            long lines = 0, done = 0;
            var carried = 0;
            var first = true;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = stream.ReadAtLeast(buffer.AsSpan(carried, ChunkSize), ChunkSize, throwOnEndOfStream: false);
                var length = carried + read;
                if (length == 0) break;
                var span = buffer.AsSpan(0, length);
                if (first) { RejectForeignEncoding(span, fileName); first = false; }
                // Keep an incomplete trailing character for the next chunk.
                var cut = read == 0 ? length : CompleteLength(span);
                var part = span[..cut];
                if (!Utf8.IsValid(part))
                {
                    Utf8.ToUtf16(part, chars, out var validBytes, out _, replaceInvalidSequences: false);
                    var line = lines + part[..validBytes].Count((byte)'\n') + 1;
                    throw new ImportException(fileName, line, null, "The file is not valid UTF-8 (an invalid byte sequence); save it as UTF-8 and upload it again.");
                }
                lines += part.Count((byte)'\n');
                done += cut;
                progress?.Invoke(done);
                span[cut..].CopyTo(buffer);
                carried = length - cut;
                if (read == 0) break;
            }
            if (total > 0 && LastByte(stream) != (byte)'\n') lines++;
            return new Result(total, lines);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static int CompleteLength(ReadOnlySpan<byte> span)
    {
        // Walk back over continuation bytes (10xxxxxx) to the last lead byte; cut before it if its sequence is incomplete.
        for (var back = 1; back <= Math.Min(4, span.Length); back++)
        {
            var b = span[^back];
            if ((b & 0xC0) == 0x80) continue;
            var need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return need > back ? span.Length - back : span.Length;
        }
        return span.Length;
    }

    private static byte LastByte(FileStream stream)
    {
        stream.Position = stream.Length - 1;
        return (byte)stream.ReadByte();
    }
}
