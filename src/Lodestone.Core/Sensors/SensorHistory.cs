using Lodestone.Trainers.Sensors;

namespace Lodestone.Sensors;

/// <summary>One channel of a sensor's readings as a series, oldest first: what drift is learnt from and predicted on.</summary>
public static class SensorHistory
{
    /// <summary>
    /// The readings of <paramref name="channel"/> (or of the sensor's only channel when null), with the channel's name;
    /// throws <see cref="InvalidInputException"/> naming the channels when none is named and the sensor has several.
    /// </summary>
    public static (string Channel, IReadOnlyList<SensorReading> Readings) Read(ReadingStore store, Guid projectId, string sensor, string? channel)
    {
        var readings = store.Query(projectId, sensor, DateTime.UnixEpoch, DateTime.UtcNow.AddDays(2));
        var channels = readings.SelectMany(r => r.Values.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(channel))
        {
            if (channels.Count > 1)
                throw new InvalidInputException($"The sensor '{sensor}' has the channels {string.Join(", ", channels)}: name one.");
            channel = channels.FirstOrDefault() ?? "value";
        }
        var series = readings.Where(r => r.Values.ContainsKey(channel)).Select(r => new SensorReading(r.Timestamp, r.Values[channel])).ToList();
        return (channel, series);
    }
}
