using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lodestone.Samples;

/// <summary>Writes times in the recording's own layout (<c>2026-03-01T12:00:00.125Z</c>) so JSON, CSV and samples agree.</summary>
internal sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(MagnetometerCsv.TimestampFormat, CultureInfo.InvariantCulture));
}
