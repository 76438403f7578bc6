namespace Lodestone.Samples;

/// <summary>The usual parameters and durations of each kind of event, drawn at random. Parameter names are snake_case.</summary>
internal static class EventCatalog
{
    /// <summary>A road past a sensor: vehicles drive along it one way or the other, in lanes 3.5 m apart.</summary>
    internal readonly record struct Road(double HeadingDeg, double DistanceM, double Side);

    public static Road DrawRoad(Rng rng) => new(rng.Uniform(0, 180), rng.Uniform(5, 11), rng.Sign());

    public static Dictionary<string, double> DrawParameters(EventKind kind, Rng rng, Road road, RecordingOptions options)
    {
        var p = new Dictionary<string, double>();
        switch (kind)
        {
            case EventKind.VehiclePass:
                bool truck = rng.Chance(0.15);
                bool oncoming = rng.Chance(0.5);
                p["truck"] = truck ? 1 : 0;
                p["speed_mps"] = truck ? rng.Uniform(8, 20) : rng.Uniform(8, 25);
                p["heading_deg"] = oncoming ? road.HeadingDeg + 180 : road.HeadingDeg;
                p["closest_m"] = road.DistanceM + (oncoming ? 1.75 : -1.75) + rng.Uniform(-0.5, 0.5);
                p["side"] = road.Side;
                p["offset_down_m"] = truck ? 0.0 : 0.5;
                p["moment_am2"] = truck ? rng.Uniform(800, 2500) : rng.Uniform(80, 300);
                break;
            case EventKind.Motor:
                // A four-pole induction motor on 50 Hz mains turns at about 24.5 Hz (1470 rpm) under load.
                p["frequency_hz"] = rng.Uniform(24.2, 24.8);
                p["harmonics"] = 4;
                p["amplitude_nt"] = rng.Uniform(3, 15);
                p["dc_nt"] = rng.Uniform(0, 6);
                break;
            case EventKind.Fan:
                p["frequency_hz"] = rng.Uniform(3, 8);
                p["harmonics"] = 3;
                p["amplitude_nt"] = rng.Uniform(2, 8);
                p["modulation_hz"] = rng.Uniform(0.05, 0.3);
                p["modulation_depth"] = rng.Uniform(0.3, 0.8);
                break;
            case EventKind.ElectricalHum:
                // The grid's frequency wanders by a few hundredths of a hertz around its nominal value.
                p["mains_hz"] = options.MainsFrequencyHz + rng.Uniform(-0.05, 0.05);
                p["amplitude_nt"] = rng.Uniform(5, 25);
                break;
            case EventKind.Spike:
                p["amplitude_nt"] = rng.Sign() * rng.Uniform(200, 3000);
                p["axis"] = rng.Int(0, 4);
                p["samples"] = rng.Int(1, 4);
                break;
            case EventKind.OffsetJump:
                p["offset_nt"] = rng.Sign() * rng.Uniform(20, 300);
                p["axis"] = rng.Int(0, 3);
                break;
        }
        foreach (var key in p.Keys.ToArray()) p[key] = Math.Round(p[key], 4);
        return p;
    }

    /// <summary>Seconds; a vehicle's and a spike's length follow from their parameters.</summary>
    public static double DrawDuration(EventKind kind, Rng rng, IReadOnlyDictionary<string, double> p, double rate) => kind switch
    {
        EventKind.VehiclePass => 2 * VehiclePass.HalfWindowSeconds(p),
        EventKind.Motor => rng.Uniform(120, 480),
        EventKind.Fan => rng.Uniform(180, 720),
        EventKind.ElectricalHum => rng.Uniform(60, 300),
        EventKind.Spike => p["samples"] / rate,
        EventKind.Dropout => rng.Uniform(0.2, 5),
        EventKind.Gap => rng.Uniform(1, 30),
        EventKind.StuckValue => rng.Uniform(2, 20),
        EventKind.OffsetJump => rng.Uniform(30, 300),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
