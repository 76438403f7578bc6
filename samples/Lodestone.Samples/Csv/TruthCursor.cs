namespace Lodestone.Samples;

/// <summary>
/// The ground truth of each row as the truth columns give it, for rows in time order: the events covering a row are
/// found by walking each sensor's events sorted by start, so a recording of any length costs a pass over its events.
/// </summary>
internal sealed class TruthCursor
{
    private readonly Dictionary<string, Sensor> _sensors = new(StringComparer.Ordinal);

    public TruthCursor(GroundTruth truth)
    {
        foreach (var group in truth.Events.GroupBy(e => e.SensorId))
            _sensors[group.Key] = new Sensor([.. group.OrderBy(e => e.Start)]);
    }

    /// <summary>The event code (<see cref="EventLabels.Code"/>) and the anomaly flag of a row.</summary>
    public (int Event, bool Anomaly) At(string sensorId, DateTimeOffset timestamp) =>
        _sensors.TryGetValue(sensorId, out var sensor) ? sensor.At(timestamp) : (0, false);

    private sealed class Sensor(List<GroundTruthEvent> events)
    {
        private readonly List<GroundTruthEvent> _active = [];
        private int _next;

        public (int Event, bool Anomaly) At(DateTimeOffset timestamp)
        {
            while (_next < events.Count && events[_next].Start <= timestamp) _active.Add(events[_next++]);
            _active.RemoveAll(e => e.End <= timestamp);
            // The latest-starting event names the row (a spike during a fan run is a spike); any anomaly marks it.
            GroundTruthEvent? latest = null;
            var anomaly = false;
            foreach (var e in _active)
            {
                if (latest is null || e.Start >= latest.Start) latest = e;
                anomaly |= e.Category == EventLabels.Anomaly;
            }
            return (latest is null ? 0 : EventLabels.Code(latest.Kind), anomaly);
        }
    }
}
