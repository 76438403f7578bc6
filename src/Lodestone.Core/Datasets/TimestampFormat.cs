using System.Text.Json.Serialization;

namespace Lodestone.Datasets;

/// <summary>How a CSV's timestamp column is written. Every format is stored as a UTC timestamp in microseconds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TimestampFormat>))]
public enum TimestampFormat
{
    /// <summary><c>2024-03-01T12:00:00.123456</c>, a space instead of <c>T</c>, optionally <c>Z</c> or an offset; no offset means UTC.</summary>
    Iso8601 = 0,
    /// <summary>Seconds since 1970-01-01 UTC, with or without fractions.</summary>
    EpochSeconds = 1,
    EpochMilliseconds = 2,
    EpochMicroseconds = 3,
    /// <summary>A strftime-like format in <see cref="CsvMapping.CustomTimestampFormat"/>, e.g. <c>%d/%m/%Y %H:%M:%S</c>.</summary>
    Custom = 4,
}
