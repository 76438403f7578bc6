using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lodestone.Datasets;

/// <summary>
/// Reads the first lines of a CSV and proposes a mapping: separator, header, timestamp column and format, numeric
/// channels, sensor-id column. The magnetometer schema is recognised by its header. Nothing is written.
/// </summary>
public static partial class CsvInspector
{
    private const int SampleBytes = 256 * 1024;
    private const int SampleLines = 200;
    private static readonly string[] TimeNames = ["timestamp_pc", "timestamp", "datetime", "date_time", "time", "date", "ts", "t"];
    private static readonly string[] SensorNames = ["sensor_id", "sensorid", "sensor", "device_id", "device"];

    /// <param name="maxColumns">Wider files are refused (<see cref="SampleStoreOptions.MaxCsvColumns"/>).</param>
    public static CsvInspection Inspect(string path, string? displayFileName = null, int maxColumns = DefaultMaxColumns)
    {
        var fileName = displayFileName ?? Path.GetFileName(path);
        var lines = ReadFirstLines(path, fileName);
        var separator = DetectSeparator(lines[0].Text);
        var columns = Split(lines[0].Text, separator).Select(c => c.Trim()).ToList();
        if (columns.Count > maxColumns)
            throw new ImportException(fileName, 1, null,
                $"The header has {columns.Count:N0} columns; at most {maxColumns:N0} can be imported ({SampleStoreOptions.Section}:{nameof(SampleStoreOptions.MaxCsvColumns)}). Split the file or leave out columns.");
        if (lines.Count == 1) throw new ImportException(fileName, 1, null, "The file has a header but no data rows.");
        var data = lines.Skip(1).ToList();
        var rows = data.Select(l => Split(l.Text, separator)).ToList();

        var lower = columns.Select(c => c.ToLowerInvariant()).ToList();
        var withTruth = lower.SequenceEqual([.. CsvMapping.MagnetometerColumns, .. CsvMapping.MagnetometerTruthColumns]);
        if (withTruth || lower.SequenceEqual(CsvMapping.MagnetometerColumns))
        {
            var magnetometer = CsvMapping.Magnetometer(DetectFormat(rows.Select(r => r.ElementAtOrDefault(0) ?? "")) ?? TimestampFormat.Iso8601, withTruth);
            var fixedChannels = magnetometer.Channels!;
            return new(separator, columns, fixedChannels, magnetometer with { Separator = separator }, rows.Take(10).ToList(),
                NonNumeric(columns, data, rows, fixedChannels));
        }

        // A column with numbers among its first values is a channel even when some are not numbers: the import then
        // names the first bad value (or stores such values as missing, if the mapping says so) instead of leaving the
        // column out without a word.
        var numeric = columns.Where((_, i) => rows.Any(r => i < r.Count && IsNumber(r[i]))).ToList();
        var timeColumn = PickTimeColumn(columns, rows, numeric);
        var format = timeColumn is null ? TimestampFormat.Iso8601
            : DetectFormat(rows.Select(r => r.ElementAtOrDefault(columns.IndexOf(timeColumn)) ?? "")) ?? TimestampFormat.Iso8601;
        var sensorColumn = columns.FirstOrDefault(c => SensorNames.Contains(c.ToLowerInvariant()));
        var channels = numeric.Where(c => c != timeColumn && c != sensorColumn).ToList();
        var mapping = new CsvMapping(timeColumn ?? columns[0], format, separator, channels, sensorColumn);
        return new(separator, columns, numeric, mapping, rows.Take(10).ToList(), NonNumeric(columns, data, rows, channels));
    }

    /// <summary>The default of <see cref="SampleStoreOptions.MaxCsvColumns"/>.</summary>
    public const int DefaultMaxColumns = 1_024;

    /// <summary>The first value of each proposed channel, in the lines read, that is neither a number nor empty.</summary>
    private static List<NonNumericValue> NonNumeric(List<string> columns, List<(int Number, string Text)> lines, List<List<string>> rows,
        IReadOnlyList<string> channels)
    {
        var found = new List<NonNumericValue>();
        foreach (var channel in channels)
        {
            var i = columns.IndexOf(channel);
            var row = rows.FindIndex(r => i < r.Count && !IsNumberOrEmpty(r[i]));
            if (row >= 0) found.Add(new NonNumericValue(channel, lines[row].Number, rows[row][i]));
        }
        return found;
    }

    /// <summary>The separator of a header line: the candidate that occurs most often outside quotes (',' when none does).</summary>
    internal static char DetectSeparator(string header)
    {
        var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0 };
        var quoted = false;
        foreach (var ch in header)
        {
            if (ch == '"') quoted = !quoted;
            else if (!quoted && counts.ContainsKey(ch)) counts[ch]++;
        }
        var best = counts.MaxBy(kv => kv.Value);
        return best.Value == 0 ? ',' : best.Key;
    }

    /// <summary>Splits one line, honouring double quotes (a doubled quote inside quotes is a literal quote).</summary>
    internal static List<string> Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == separator) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields;
    }

    internal static TimestampFormat? DetectFormat(IEnumerable<string> values)
    {
        var sample = values.Select(v => v.Trim()).Where(v => v.Length > 0).Take(50).ToList();
        if (sample.Count == 0) return null;
        if (sample.All(v => IsoPattern().IsMatch(v))) return TimestampFormat.Iso8601;
        if (!sample.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) return null;
        var magnitude = sample.Select(v => Math.Abs(double.Parse(v, CultureInfo.InvariantCulture))).Max();
        // Seconds since 1970 are ~1.7e9 today; milliseconds ~1.7e12; microseconds ~1.7e15.
        return magnitude switch
        {
            < 1e11 => TimestampFormat.EpochSeconds,
            < 1e14 => TimestampFormat.EpochMilliseconds,
            _ => TimestampFormat.EpochMicroseconds,
        };
    }

    private static string? PickTimeColumn(List<string> columns, List<List<string>> rows, List<string> numeric)
    {
        var byName = TimeNames.Select(n => columns.FirstOrDefault(c => c.Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(c => c is not null);
        if (byName is not null) return byName;
        // Otherwise the first column whose values all look like ISO dates.
        return columns.Where((_, i) => rows.Count > 0 && rows.All(r => i < r.Count && IsoPattern().IsMatch(r[i].Trim()))).FirstOrDefault()
            ?? columns.FirstOrDefault(c => c.Contains("time", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsNumberOrEmpty(string value) => value.Trim().Length == 0 || IsNumber(value);

    private static bool IsNumber(string value) => double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>The first non-blank lines with their 1-based line numbers in the file.</summary>
    private static List<(int Number, string Text)> ReadFirstLines(string path, string fileName)
    {
        var buffer = new byte[SampleBytes];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var bytes = buffer.AsSpan(0, read);
        CsvPreflight.RejectForeignEncoding(bytes, fileName);
        if (bytes.StartsWith(CsvPreflight.Utf8Bom)) bytes = bytes[3..];
        // The sample may end inside a character; decode leniently here, the importer's full pass is strict.
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (read == buffer.Length && lines.Count > 1) lines.RemoveAt(lines.Count - 1); // possibly cut short
        var numbered = lines.Select((text, i) => (Number: i + 1, Text: text)).Where(l => l.Text.Trim().Length > 0).Take(SampleLines + 1).ToList();
        if (numbered.Count == 0) throw new ImportException(fileName, null, null, "The file is empty.");
        return numbered;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")]
    private static partial Regex IsoPattern();
}
