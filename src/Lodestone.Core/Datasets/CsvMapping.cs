namespace Lodestone.Datasets;

/// <summary>
/// How to read a CSV into samples: which column holds the time and how it is written, which columns are channels,
/// and where the sensor id comes from (a column, a fixed id, or neither: then the sensor id is empty).
/// </summary>
/// <param name="Separator">',' ';' or '\t'; null detects it from the header.</param>
/// <param name="Channels">Original header names of the numeric channels; null takes every other numeric column.</param>
/// <param name="NonNumericAsMissing">Store a channel value that is not a number as a missing value; by default such a value
/// fails the import, which names its line and column.</param>
/// <param name="TruthChannels">Channels holding ground truth (a 0/1 anomaly flag, an event code): stored like any channel and
/// offered as a run's label channel, but never a run's input unless the run names them.</param>
public sealed record CsvMapping(
    string TimestampColumn,
    TimestampFormat TimestampFormat = TimestampFormat.Iso8601,
    char? Separator = null,
    IReadOnlyList<string>? Channels = null,
    string? SensorIdColumn = null,
    string? SensorId = null,
    string? CustomTimestampFormat = null,
    DatasetSchema Schema = DatasetSchema.Generic,
    bool NonNumericAsMissing = false,
    IReadOnlyList<string>? TruthChannels = null)
{
    public static readonly IReadOnlyList<string> MagnetometerColumns =
        ["timestamp_pc", "b_x", "b_y", "b_z", "lat", "lon", "altitude", "thetax", "thetay", "thetaz", "sensor_id"];

    /// <summary>
    /// The ground-truth columns a generated recording (<c>lodestone samples generate --truth-columns</c>, the demo) carries
    /// after <see cref="MagnetometerColumns"/>: the event's code and a 0/1 anomaly flag (Lodestone.Samples' MagnetometerCsv.TruthColumns).
    /// </summary>
    public static readonly IReadOnlyList<string> MagnetometerTruthColumns = ["event", "anomaly"];

    /// <summary>
    /// The fixed mapping of the magnetometer schema; only the timestamp's format varies between recorders. With
    /// <paramref name="truthColumns"/> the <see cref="MagnetometerTruthColumns"/> are channels too, marked as truth.
    /// </summary>
    public static CsvMapping Magnetometer(TimestampFormat timestampFormat, bool truthColumns = false) => new(
        "timestamp_pc", timestampFormat, ',', [.. MagnetometerColumns.Skip(1).Take(9), .. truthColumns ? MagnetometerTruthColumns : []], "sensor_id",
        Schema: DatasetSchema.Magnetometer, TruthChannels: truthColumns ? MagnetometerTruthColumns : null);
}
