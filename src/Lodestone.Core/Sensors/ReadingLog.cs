using System.Buffers;
using System.Text.Json;

namespace Lodestone.Sensors;

/// <summary>
/// One project's staged readings: an append-only JSON-lines file, flushed to disk before an append returns, plus the same
/// readings in memory for queries. Files are numbered by generation: sealing writes <c>segment-G.parquet</c> and only then
/// deletes <c>staging-G.log</c>, so after a crash a log whose segment exists is known to be sealed already, and a torn last
/// line (a crash mid-write) is cut off. Not thread-safe: <see cref="ReadingStore"/> locks around it.
/// </summary>
internal sealed class ReadingLog : IDisposable
{
    private readonly string folder;
    private FileStream? stream;

    public ReadingLog(string folder)
    {
        this.folder = folder;
        Directory.CreateDirectory(folder);
        var sealedGenerations = Generations("segment-*.parquet").ToHashSet();
        var logs = Generations("staging-*.log").Order().ToList();
        foreach (var generation in logs)
        {
            if (sealedGenerations.Contains(generation)) File.Delete(LogPath(generation));
            else Load(LogPath(generation));
        }
        Generation = sealedGenerations.Concat(logs).DefaultIfEmpty(0).Max();
        if (sealedGenerations.Contains(Generation)) Generation++;
        if (Staged.Count > 0) OldestArrival = DateTime.UtcNow;
    }

    public List<Reading> Staged { get; } = [];
    public DateTime? OldestArrival { get; private set; }
    public long Generation { get; private set; }

    public string SegmentPath(long generation) => Path.Combine(folder, $"segment-{generation:D8}.parquet");

    public void Append(IReadOnlyList<Reading> readings)
    {
        var buffer = new ArrayBufferWriter<byte>(readings.Count * 96);
        foreach (var reading in readings)
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("s", reading.SensorId);
                json.WriteNumber("t", (reading.Timestamp - DateTime.UnixEpoch).Ticks / 10);
                json.WriteStartObject("v");
                foreach (var (channel, value) in reading.Values) json.WriteNumber(channel, value);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            buffer.Write("\n"u8);
        }
        stream ??= new FileStream(LogPath(Generation), FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(buffer.WrittenSpan);
        stream.Flush(flushToDisk: true);
        Staged.AddRange(readings);
        OldestArrival ??= DateTime.UtcNow;
    }

    /// <summary>Called once the staged readings are safely in <see cref="SegmentPath"/> of the current generation.</summary>
    public void Sealed()
    {
        stream?.Dispose();
        stream = null;
        foreach (var generation in Generations("staging-*.log").Where(g => g <= Generation)) File.Delete(LogPath(generation));
        Staged.Clear();
        OldestArrival = null;
        Generation++;
    }

    private string LogPath(long generation) => Path.Combine(folder, $"staging-{generation:D8}.log");

    private IEnumerable<long> Generations(string pattern) =>
        Directory.EnumerateFiles(folder, pattern)
            .Select(f => Path.GetFileNameWithoutExtension(f).Split('-')[^1])
            .Where(s => long.TryParse(s, out _)).Select(long.Parse);

    private void Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var position = 0;
        while (position < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', position);
            if (end < 0 || !TryParse(bytes.AsSpan(position, end - position), out var reading)) break;
            Staged.Add(reading);
            position = end + 1;
        }
        if (position < bytes.Length)
        {
            // A torn write at the end: keep everything before it.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(position);
            file.Flush(flushToDisk: true);
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> line, out Reading reading)
    {
        reading = null!;
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            var values = new Dictionary<string, double>();
            foreach (var property in root.GetProperty("v").EnumerateObject()) values[property.Name] = property.Value.GetDouble();
            reading = new Reading(root.GetProperty("s").GetString()!, DateTime.UnixEpoch.AddTicks(root.GetProperty("t").GetInt64() * 10), values);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public void Dispose() => stream?.Dispose();
}
