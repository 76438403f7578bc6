namespace Lodestone.Sensors;

/// <summary>Checks a batch before anything is written: a whole batch is stored or none of it.</summary>
internal static class ReadingValidator
{
    private static readonly DateTime Earliest = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan ClockSlack = TimeSpan.FromDays(1);

    public static IReadOnlyList<Reading> Validate(IReadOnlyList<Reading> readings, int maxBatch, DateTime now)
    {
        if (readings.Count == 0) throw new ReadingValidationException(0, "readings", "The batch is empty.");
        if (readings.Count > maxBatch) throw new ReadingValidationException(maxBatch, "readings", $"A batch holds at most {maxBatch} readings.");
        var result = new Reading[readings.Count];
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i] ?? throw new ReadingValidationException(i, "reading", "The reading is missing.");
            if (string.IsNullOrWhiteSpace(r.SensorId)) throw new ReadingValidationException(i, "sensorId", "The sensor id is empty.");
            if (r.SensorId.Length > 128 || r.SensorId.Any(char.IsControl))
                throw new ReadingValidationException(i, "sensorId", "The sensor id must be at most 128 printable characters.");
            var time = r.Timestamp.Kind switch
            {
                DateTimeKind.Local => r.Timestamp.ToUniversalTime(),
                _ => DateTime.SpecifyKind(r.Timestamp, DateTimeKind.Utc),
            };
            if (time < Earliest || time > now + ClockSlack)
                throw new ReadingValidationException(i, "timestamp", $"{time:O} is before 1970 or more than a day in the future; check the sensor's clock.");
            if (r.Values is null || r.Values.Count == 0) throw new ReadingValidationException(i, "values", "The reading has no values.");
            foreach (var (channel, value) in r.Values)
            {
                if (string.IsNullOrWhiteSpace(channel) || channel.Length > 128)
                    throw new ReadingValidationException(i, "values", "A channel name is empty or longer than 128 characters.");
                if (!double.IsFinite(value)) throw new ReadingValidationException(i, $"values.{channel}", $"{value} is not a finite number.");
            }
            result[i] = r with { Timestamp = time };
        }
        return result;
    }
}
