namespace Lodestone.Trainers.Sensors;

/// <summary>
/// The window sets the per-sensor regressors train on. A series of readings is one window per reading (length 1, one
/// channel); calibration records are one window each with the channels <see cref="Raw"/> (NaN when no reading preceded
/// the calibration) and <see cref="Reference"/>. Datasets cut into longer windows work too: a window's value is its mean.
/// </summary>
public static class SensorSeries
{
    public const string Raw = "raw";
    public const string Reference = "reference";

    /// <summary>One window per reading, in time order, on the single channel <paramref name="channel"/>.</summary>
    public static WindowSet FromReadings(string channel, IReadOnlyList<SensorReading> readings)
    {
        var ordered = readings.OrderBy(r => r.Time).ToArray();
        return new WindowSet([channel], 1, ordered.Select(r => (float)r.Value).ToArray(), ordered.Select(r => r.Time).ToArray());
    }

    public static WindowSet FromCalibrations(IReadOnlyList<CalibrationPoint> points)
    {
        var ordered = points.OrderBy(p => p.Time).ToArray();
        return new WindowSet([Raw, Reference], 1,
            ordered.SelectMany(p => new[] { (float)(p.Raw ?? double.NaN), (float)p.Reference }).ToArray(),
            ordered.Select(p => p.Time).ToArray());
    }

    /// <summary>The channel a regressor reads: the one named, else the only one; null when that is ambiguous or absent.</summary>
    public static int? ChannelIndex(WindowSet data, string? channel)
    {
        if (!string.IsNullOrWhiteSpace(channel))
        {
            var index = data.Channels.ToList().IndexOf(channel);
            return index >= 0 ? index : null;
        }
        return data.Channels.Count == 1 ? 0 : null;
    }

    /// <summary>The readings of one channel, a window's mean each, in window order.</summary>
    public static IReadOnlyList<SensorReading> Readings(WindowSet data, int channel) =>
        Enumerable.Range(0, data.Count).Select(w =>
        {
            var series = data.Series(w, channel);
            double sum = 0;
            foreach (var v in series) sum += v;
            return new SensorReading(data.StartTimes[w], sum / series.Length);
        }).ToList();

    /// <summary>The calibration points of a set built by <see cref="FromCalibrations"/>.</summary>
    public static IReadOnlyList<CalibrationPoint> Calibrations(WindowSet data)
    {
        var raw = data.Channels.ToList().IndexOf(Raw);
        var reference = data.Channels.ToList().IndexOf(Reference);
        return Enumerable.Range(0, data.Count).Select(w =>
        {
            var r = data.Series(w, raw)[0];
            return new CalibrationPoint(data.StartTimes[w], data.Series(w, reference)[0], float.IsNaN(r) ? null : r);
        }).ToList();
    }

    /// <summary>Problems with the shape of a calibration set: it needs the raw and reference channels.</summary>
    public static IReadOnlyList<string> CheckCalibrationChannels(WindowSet data) =>
        data.Channels.Contains(Raw) && data.Channels.Contains(Reference)
            ? []
            : [$"Calibration trains on calibration records (channels '{Raw}' and '{Reference}'); the data have {string.Join(", ", data.Channels)}. Name the sensor whose records to use in the config: {{\"sensor\": \"probe-1\"}}."];
}
