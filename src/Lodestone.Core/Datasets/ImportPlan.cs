using System.Text.RegularExpressions;

namespace Lodestone.Datasets;

/// <summary>
/// The DuckDB side of a <see cref="CsvMapping"/>: the type of every CSV column (so bad values are rejected with their line
/// and column by the reader itself) and the projection into the stored schema <c>ts, sensor_id, channels…</c>.
/// Non-finite numbers (NaN, ±Inf) are stored as missing values: statistics and charts cannot use them; so are values
/// that are not numbers when the mapping says <see cref="CsvMapping.NonNumericAsMissing"/>.
/// </summary>
internal sealed partial record ImportPlan(string Columns, string Select, string Options, IReadOnlyList<ManifestChannel> Channels,
    string TimeColumn, string? SensorColumn, bool TimeHasOffsets)
{
    public static ImportPlan Create(CsvMapping map, IReadOnlyList<string> header, CsvInspection inspection, string fileName)
    {
        var duplicate = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ImportException(fileName, 1, duplicate.Key, "The header names this column twice.");
        string Require(string name, string role) =>
            header.FirstOrDefault(h => h == name) ?? header.FirstOrDefault(h => h.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ImportException(fileName, 1, name, $"The {role} column is not in the header ({string.Join(", ", header)}).");

        var time = Require(map.TimestampColumn, "timestamp");
        var sensor = map.SensorIdColumn is null ? null : Require(map.SensorIdColumn, "sensor id");
        var channelNames = (map.Channels ?? inspection.NumericColumns.Where(c => c != time && c != sensor).ToList())
            .Select(c => Require(c, "channel")).ToList();
        if (channelNames.Count == 0) throw new ImportException(fileName, 1, null, "No numeric channel columns were found or mapped.");
        if (channelNames.Contains(time)) throw new ImportException(fileName, 1, time, "The timestamp column cannot also be a channel.");
        if (map.TruthChannels?.FirstOrDefault(t => !channelNames.Contains(t, StringComparer.OrdinalIgnoreCase)) is { } stray)
            throw new ImportException(fileName, 1, stray, $"A truth channel must be one of the channels ({string.Join(", ", channelNames)}).");
        if (map.TimestampFormat == TimestampFormat.Custom && string.IsNullOrWhiteSpace(map.CustomTimestampFormat))
            throw new ArgumentException("A custom timestamp format needs CustomTimestampFormat.", nameof(map));

        var timeIndex = header.ToList().IndexOf(time);
        var withOffsets = map.TimestampFormat == TimestampFormat.Iso8601
            && inspection.Preview.Any(r => timeIndex < r.Count && OffsetPattern().IsMatch(r[timeIndex].Trim()));
        var timeType = map.TimestampFormat switch
        {
            // An explicit offset needs the slower zone-aware parse; plain and 'Z' times are read as UTC directly.
            TimestampFormat.Iso8601 => withOffsets ? "TIMESTAMPTZ" : "TIMESTAMP",
            TimestampFormat.EpochSeconds or TimestampFormat.EpochMilliseconds => "DOUBLE",
            TimestampFormat.EpochMicroseconds => "BIGINT",
            _ => "TIMESTAMP",
        };
        var t = SqlText.Identifier(time);
        var timeExpression = map.TimestampFormat switch
        {
            TimestampFormat.Iso8601 when withOffsets => $"{t}::TIMESTAMP",
            TimestampFormat.EpochSeconds => $"make_timestamp(CAST(round({t} * 1000000) AS BIGINT))",
            TimestampFormat.EpochMilliseconds => $"make_timestamp(CAST(round({t} * 1000) AS BIGINT))",
            TimestampFormat.EpochMicroseconds => $"make_timestamp({t})",
            _ => t,
        };
        var options = map.TimestampFormat == TimestampFormat.Custom ? $", timestampformat = {SqlText.Literal(map.CustomTimestampFormat!)}" : "";

        // Channels whose non-numbers become missing are read as text and cast leniently; otherwise the reader itself
        // rejects a non-number with its line and column.
        var channelType = map.NonNumericAsMissing ? "VARCHAR" : "DOUBLE";
        var types = header.Select(h => h == time ? timeType : channelNames.Contains(h) ? channelType : "VARCHAR");
        var columns = "{" + string.Join(", ", header.Zip(types, (h, ty) => $"{SqlText.Literal(h)}: '{ty}'")) + "}";
        var sensorExpression = sensor is not null ? $"coalesce({SqlText.Identifier(sensor)}, '')"
            : SqlText.Literal(map.SensorId ?? "");
        var safe = ChannelNaming.SafeNames(channelNames);
        var channels = channelNames.Zip(safe, (name, column) => new ManifestChannel(name, column)).ToList();
        var select = $"{timeExpression} AS ts, {sensorExpression} AS sensor_id, " + string.Join(", ", channels.Select(c =>
        {
            var source = SqlText.Identifier(header.First(h => h == c.Name));
            if (map.NonNumericAsMissing) source = $"TRY_CAST({source} AS DOUBLE)";
            return $"CASE WHEN isfinite({source}) THEN {source} END AS {SqlText.Identifier(c.Column)}";
        }));
        return new ImportPlan(columns, select, options, channels, time, sensor, withOffsets);
    }

    [GeneratedRegex(@"[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2}(:?\d{2})?$")]
    private static partial Regex OffsetPattern();
}
