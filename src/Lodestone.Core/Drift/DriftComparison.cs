namespace Lodestone.Drift;

/// <summary>
/// The recent data to compare with a version's training data: a dataset (optionally <see cref="From"/>–<see cref="To"/>
/// and one <see cref="SensorId"/>), or the latest <see cref="ReadingCount"/> readings of a sensor.
/// </summary>
public sealed record DriftComparison(DriftSource Source, Guid? DatasetId, DateTime? From, DateTime? To, string? SensorId, int? ReadingCount)
{
    public const int MaxReadings = 100_000;

    /// <summary>Checks the request's shape and says which field is wrong.</summary>
    /// <exception cref="InvalidInputException">The fields do not name one source, or a range or count is out of bounds.</exception>
    public static DriftComparison Of(Guid? datasetId, DateTime? from, DateTime? to, string? sensor, int? count)
    {
        sensor = string.IsNullOrWhiteSpace(sensor) ? null : sensor.Trim();
        if (from is { } f && to is { } t && f >= t) throw new InvalidInputException("to: must be after from.");
        if (datasetId is { } id)
        {
            if (count is not null) throw new InvalidInputException("count: give it with a sensor and no datasetId (a sensor's latest readings), not with a dataset.");
            return new DriftComparison(DriftSource.Dataset, id, from?.ToUniversalTime(), to?.ToUniversalTime(), sensor, null);
        }
        if (sensor is null) throw new InvalidInputException("datasetId: give a dataset, or a sensor and a count of its latest readings.");
        if (count is null) throw new InvalidInputException("count: how many of the sensor's latest readings to compare (1 to 100000).");
        if (count is < 1 or > MaxReadings) throw new InvalidInputException($"count: must be between 1 and {MaxReadings}; it is {count}.");
        if (from is not null || to is not null) throw new InvalidInputException("from: a time range applies to a dataset; a sensor's latest readings take a count.");
        return new DriftComparison(DriftSource.SensorReadings, null, null, null, sensor, count);
    }
}
