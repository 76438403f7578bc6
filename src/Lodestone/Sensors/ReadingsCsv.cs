using System.Globalization;

namespace Lodestone.Sensors;

/// <summary>
/// Readings as CSV: a header <c>timestamp,sensor_id,channel…</c> (sensor_id may be anywhere; every other column is a channel),
/// ISO 8601 timestamps, numbers with a dot. Empty cells are missing values. Errors name the CSV line.
/// </summary>
public static class ReadingsCsv
{
    public const int MaxBytes = 16 * 1024 * 1024;

    public static async Task<IReadOnlyList<Reading>> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        var header = await reader.ReadLineAsync(cancellationToken) ?? throw new ReadingValidationException(0, "header", "the CSV is empty");
        var columns = header.Split(',').Select(c => c.Trim()).ToArray();
        var timeColumn = Array.IndexOf(columns, "timestamp");
        var sensorColumn = Array.IndexOf(columns, "sensor_id");
        if (timeColumn < 0 || sensorColumn < 0)
            throw new ReadingValidationException(0, "header", "needs the columns 'timestamp' and 'sensor_id'");
        var readings = new List<Reading>();
        long bytes = header.Length;
        var line = 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            bytes += text.Length + 1;
            if (bytes > MaxBytes) throw new ReadingValidationException(line, "body", $"a CSV batch has at most {MaxBytes / (1024 * 1024)} MB");
            if (text.Length == 0) continue;
            var cells = text.Split(',');
            if (cells.Length != columns.Length)
                throw new ReadingValidationException(line, "row", $"line {line} has {cells.Length} fields, the header {columns.Length}");
            if (!DateTime.TryParse(cells[timeColumn], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                throw new ReadingValidationException(line, "timestamp", $"line {line}: '{cells[timeColumn]}' is not an ISO 8601 time");
            var values = new Dictionary<string, double>();
            for (var i = 0; i < columns.Length; i++)
            {
                if (i == timeColumn || i == sensorColumn || cells[i].Length == 0) continue;
                if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw new ReadingValidationException(line, columns[i], $"line {line}: '{cells[i]}' is not a number");
                values[columns[i]] = value;
            }
            readings.Add(new Reading(cells[sensorColumn].Trim(), time, values));
        }
        return readings;
    }
}
