using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lodestone.Features;
using Lodestone.Models;
using Lodestone.Trainers;

namespace Lodestone.Deployments;

/// <summary>
/// Reads what a predict request sends into windows of the model's shape. JSON: <c>{"windows":[{"b_x":[…],"b_y":[…]},…]}</c>,
/// one object per window with every channel of <see cref="ModelWindow.Channels"/> (others are ignored), each exactly
/// <see cref="ModelWindow.Length"/> numbers; read with <see cref="Utf8JsonReader"/> straight into the window values, so
/// that a request allocates little besides them. CSV: a header naming the channels, then one row per sample, cut into
/// windows as the model's were (its length and stride). Bad input is an <see cref="InvalidInputException"/> naming the
/// window and channel, or the line and column.
/// </summary>
public static class PredictionInput
{
    public const int MaxWindows = 10_000;

    public static WindowSet FromJson(ReadOnlySequence<byte> body, ModelWindow window)
    {
        var channels = window.Channels;
        var length = window.Length;
        var stride = channels.Count * length;
        var values = new float[Math.Min(MaxWindows, 4) * stride];
        var seen = new bool[channels.Count];
        var count = 0;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, "the body must be a JSON object: {\"windows\": [ {\"channel\": [values…]}, … ]}");
            var sawWindows = false;
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("windows"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                sawWindows = true;
                Expect(ref reader, JsonTokenType.StartArray, "windows: must be an array of windows");
                while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new InvalidInputException($"windows[{count}]: must be an object of channel name → {length} values.");
                    if (count == MaxWindows) throw new InvalidInputException($"windows: at most {MaxWindows} per request; send the rest in another.");
                    if ((count + 1) * stride > values.Length) Array.Resize(ref values, Math.Max(values.Length * 2, stride));
                    Array.Clear(seen);
                    ReadWindow(ref reader, values.AsSpan(count * stride, stride), channels, length, seen, count);
                    for (var c = 0; c < seen.Length; c++)
                        if (!seen[c])
                            throw new InvalidInputException($"windows[{count}]: channel '{channels[c]}' is missing; the model reads {string.Join(", ", channels)}.");
                    count++;
                }
            }
            if (!sawWindows) throw new InvalidInputException("windows: the body has no \"windows\" array.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        if (count == 0) throw new InvalidInputException("windows: send at least one window.");
        return new WindowSet(channels, length, count * stride == values.Length ? values : values[..(count * stride)], new DateTime[count])
            { SampleRateHz = window.SampleRateHz };
    }

    private static void ReadWindow(ref Utf8JsonReader reader, Span<float> destination, IReadOnlyList<string> channels, int length, bool[] seen, int index)
    {
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var c = ChannelIndex(ref reader, channels);
            if (c < 0)
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            if (!Read(ref reader) || reader.TokenType != JsonTokenType.StartArray)
                throw new InvalidInputException($"windows[{index}].{channels[c]}: must be an array of {length} numbers.");
            var series = destination.Slice(c * length, length);
            var t = 0;
            while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out var value) || !float.IsFinite(value))
                    throw new InvalidInputException($"windows[{index}].{channels[c]}[{t}]: must be a finite number.");
                if (t < length) series[t] = value;
                t++;
            }
            if (t != length)
                throw new InvalidInputException($"windows[{index}].{channels[c]}: has {t} values; the model's windows have {length}.");
            seen[c] = true;
        }
    }

    private static int ChannelIndex(ref Utf8JsonReader reader, IReadOnlyList<string> channels)
    {
        for (var c = 0; c < channels.Count; c++)
            if (reader.ValueTextEquals(channels[c])) return c;
        return -1;
    }

    /// <summary>
    /// Rows of samples cut into the model's windows. A header names the columns; those of the model's channels are
    /// read (a <c>timestamp</c> column too when there is one), the rest ignored.
    /// </summary>
    public static WindowSet FromCsv(string text, ModelWindow window)
    {
        using var lines = new StringReader(text);
        var header = lines.ReadLine() ?? throw new InvalidInputException("line 1: the CSV is empty; it needs a header naming the channels.");
        var names = header.Split(',').Select(n => n.Trim().Trim('"')).ToList();
        var columns = window.Channels.Select(c => names.IndexOf(c)).ToArray();
        var missing = window.Channels.Where((_, i) => columns[i] < 0).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException($"line 1: the header lacks the channel{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; the model reads {string.Join(", ", window.Channels)}.");
        var timeColumn = names.FindIndex(n => n.Equals("timestamp", StringComparison.OrdinalIgnoreCase));
        var series = window.Channels.Select(_ => new List<float>()).ToArray();
        var times = new List<DateTime>();
        var lineNumber = 1;
        while (lines.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            for (var c = 0; c < columns.Length; c++)
            {
                if (columns[c] >= cells.Length)
                    throw new InvalidInputException($"line {lineNumber}: has {cells.Length} columns; '{window.Channels[c]}' is column {columns[c] + 1}.");
                if (!float.TryParse(cells[columns[c]], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                    throw new InvalidInputException($"line {lineNumber}: '{window.Channels[c]}' is '{cells[columns[c]]}', not a finite number.");
                series[c].Add(value);
            }
            times.Add(timeColumn >= 0 && timeColumn < cells.Length
                && DateTime.TryParse(cells[timeColumn], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
                ? time : default);
        }
        if (times.Count < window.Length)
            throw new InvalidInputException($"The CSV has {times.Count} rows; one window of the model takes {window.Length}.");
        var windows = Windowing.Slide(window.Channels, series.Select(s => s.ToArray()).ToArray(), [.. times], window.Length,
            Math.Max(1, window.Stride), window.SampleRateHz);
        if (windows.Count > MaxWindows) throw new InvalidInputException($"The CSV makes {windows.Count} windows; at most {MaxWindows} per request.");
        return windows;
    }

    private static bool Read(ref Utf8JsonReader reader) =>
        reader.Read() ? true : throw new InvalidInputException("The body ends before the JSON does.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (!Read(ref reader) || reader.TokenType != type) throw new InvalidInputException(message);
    }

    /// <summary>For callers that hold text rather than bytes.</summary>
    public static WindowSet FromJson(string json, ModelWindow window) => FromJson(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), window);
}
