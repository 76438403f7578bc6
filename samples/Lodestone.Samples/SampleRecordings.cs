namespace Lodestone.Samples;

/// <summary>Ready-made options: the small example file committed under samples/, and a demo-sized recording.</summary>
public static class SampleRecordings
{
    /// <summary>
    /// samples/magnetometer-small.csv: two minutes at 50 Hz from one sensor with one or more events of every kind,
    /// placed by hand so that they are easy to find on a chart.
    /// </summary>
    public static RecordingOptions Small { get; } = new()
    {
        Duration = TimeSpan.FromMinutes(2),
        Seed = 7,
        Rates = EventRates.None,
        Events =
        [
            new(EventKind.VehiclePass, TimeSpan.FromSeconds(5), Parameters: new Dictionary<string, double>
                { ["truck"] = 0, ["closest_m"] = 4.5, ["moment_am2"] = 220, ["speed_mps"] = 12, ["offset_down_m"] = 0.5 }),
            new(EventKind.Fan, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)),
            new(EventKind.Spike, TimeSpan.FromSeconds(18)),
            new(EventKind.VehiclePass, TimeSpan.FromSeconds(25), Parameters: new Dictionary<string, double>
                { ["truck"] = 1, ["closest_m"] = 7, ["moment_am2"] = 1600, ["speed_mps"] = 14, ["offset_down_m"] = 0 }),
            new(EventKind.Motor, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60)),
            new(EventKind.Dropout, TimeSpan.FromSeconds(47), TimeSpan.FromSeconds(1.5)),
            new(EventKind.Spike, TimeSpan.FromSeconds(55)),
            new(EventKind.ElectricalHum, TimeSpan.FromSeconds(62), TimeSpan.FromSeconds(45)),
            new(EventKind.VehiclePass, TimeSpan.FromSeconds(76), Parameters: new Dictionary<string, double>
                { ["truck"] = 0, ["closest_m"] = 3.5, ["moment_am2"] = 150, ["speed_mps"] = 20, ["heading_deg"] = 250, ["offset_down_m"] = 0.5 }),
            new(EventKind.StuckValue, TimeSpan.FromSeconds(86), TimeSpan.FromSeconds(4)),
            new(EventKind.OffsetJump, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(15)),
            new(EventKind.Spike, TimeSpan.FromSeconds(104)),
            new(EventKind.Gap, TimeSpan.FromSeconds(113), TimeSpan.FromSeconds(2)),
        ],
    };

    /// <summary>An hour from two sensors with the default random event rates: about 360,000 rows.</summary>
    public static RecordingOptions Demo { get; } = new()
    {
        Duration = TimeSpan.FromHours(1),
        SensorCount = 2,
        Seed = 2026,
    };
}
