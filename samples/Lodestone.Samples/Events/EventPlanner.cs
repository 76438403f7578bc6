namespace Lodestone.Samples;

/// <summary>
/// Places the events of a recording before any sample is made. Each (sensor, kind) pair draws from its own random
/// stream, so changing one rate leaves the other kinds' events where they were.
/// </summary>
internal static class EventPlanner
{
    private static readonly EventKind[] Kinds = Enum.GetValues<EventKind>();

    public static List<PlannedEvent> Plan(RecordingOptions options)
    {
        double rate = options.SampleRateHz;
        long steps = options.PlannedSteps;
        double seconds = steps / rate;
        var planned = new List<PlannedEvent>();
        var roads = new EventCatalog.Road[options.SensorCount];

        for (int sensor = 0; sensor < options.SensorCount; sensor++)
        {
            roads[sensor] = EventCatalog.DrawRoad(Rng.Stream(options.Seed, 100 + (ulong)sensor));
            var faults = new List<(long Start, long End, bool Replaces)>();
            foreach (var kind in Kinds)
            {
                double perHour = options.Rates.For(kind);
                if (perHour <= 0) continue;
                var rng = Rng.Stream(options.Seed, 1000 + (ulong)(sensor * 16) + (ulong)kind);
                int placed = 0;
                double t = rng.Exponential(3600 / perHour);
                while (true)
                {
                    var p = EventCatalog.DrawParameters(kind, rng, roads[sensor], options);
                    double duration = EventCatalog.DrawDuration(kind, rng, p, rate);
                    if (t + duration > seconds)
                    {
                        // Too short a recording for the Poisson draw to have produced one: place one anyway if it fits.
                        // A few tries, since some faults cannot land on other faults.
                        for (int attempt = 0; placed == 0 && duration < seconds && attempt < 20; attempt++)
                            placed += TryPlace(planned, faults, kind, sensor, rng.Uniform(0, seconds - duration), duration, p, rng, options);
                        break;
                    }
                    placed += TryPlace(planned, faults, kind, sensor, t, duration, p, rng, options);
                    t += duration + rng.Exponential(3600 / perHour);
                }
            }
        }

        for (int i = 0; i < options.Events.Count; i++)
        {
            var scripted = options.Events[i];
            var rng = Rng.Stream(options.Seed, 1_000_000 + (ulong)i);
            var p = EventCatalog.DrawParameters(scripted.Kind, rng, roads[scripted.Sensor], options);
            foreach (var (key, value) in scripted.Parameters ?? new Dictionary<string, double>())
            {
                if (!p.ContainsKey(key))
                    throw new ArgumentException($"{scripted.Kind} has no parameter '{key}'; it has: {string.Join(", ", p.Keys)}.", nameof(options));
                p[key] = value;
            }
            double drawn = EventCatalog.DrawDuration(scripted.Kind, rng, p, rate);
            double duration = scripted.Kind is EventKind.VehiclePass or EventKind.Spike ? drawn : scripted.Duration?.TotalSeconds ?? drawn;
            if (scripted.Start.TotalSeconds >= seconds)
                throw new ArgumentOutOfRangeException(nameof(options), scripted.Start, $"Scripted {scripted.Kind} starts after the recording ends ({seconds} s).");
            planned.Add(Build(scripted.Kind, scripted.Sensor, scripted.Start.TotalSeconds, duration, p, rng.NextUInt64(), options));
        }

        planned.Sort((a, b) => a.StartStep != b.StartStep ? a.StartStep.CompareTo(b.StartStep)
            : a.Sensor != b.Sensor ? a.Sensor.CompareTo(b.Sensor) : a.Kind.CompareTo(b.Kind));
        return planned;
    }

    private static int TryPlace(List<PlannedEvent> planned, List<(long Start, long End, bool Replaces)> faults, EventKind kind, int sensor,
        double start, double duration, Dictionary<string, double> p, Rng rng, RecordingOptions options)
    {
        var e = Build(kind, sensor, start, duration, p, rng.NextUInt64(), options);
        if (EventLabels.IsFault(kind))
        {
            // A fault that replaces the reading (dropout, gap, stuck) never overlaps another fault, so each of those
            // windows is unambiguous; spikes and offset jumps only add to the reading and may coincide.
            bool replaces = Replaces(kind);
            foreach (var (s, end, otherReplaces) in faults)
                if ((replaces || otherReplaces) && e.StartStep < end && s < e.EndStep) return 0;
            faults.Add((e.StartStep, e.EndStep, replaces));
        }
        planned.Add(e);
        return 1;
    }

    private static bool Replaces(EventKind kind) => kind is EventKind.Dropout or EventKind.Gap or EventKind.StuckValue;

    private static PlannedEvent Build(EventKind kind, int sensor, double start, double duration,
        Dictionary<string, double> p, ulong seed, RecordingOptions options)
    {
        double rate = options.SampleRateHz;
        long startStep = (long)Math.Ceiling(start * rate - 1e-9);
        long endStep = kind switch
        {
            EventKind.VehiclePass => (long)Math.Floor((startStep / rate + duration) * rate) + 1,
            EventKind.Spike => startStep + (long)p["samples"],
            _ => startStep + Math.Max(1, (long)Math.Round(duration * rate)),
        };
        var e = new PlannedEvent
        {
            Kind = kind,
            Sensor = sensor,
            StartStep = startStep,
            EndStep = Math.Min(endStep, options.PlannedSteps),
            Parameters = p,
            Seed = seed,
        };
        AddDerivedParameters(e, options);
        return e;
    }

    /// <summary>Figures that follow from the others and help a reader of the ground truth: what |B| and an FFT will show.</summary>
    private static void AddDerivedParameters(PlannedEvent e, RecordingOptions options)
    {
        var p = e.Parameters;
        switch (e.Kind)
        {
            case EventKind.VehiclePass:
                p["closest_approach_s"] = Math.Round(VehiclePass.HalfWindowSeconds(p), 4);
                p["peak_total_field_nt"] = Math.Round(VehiclePass.Create(e, options).PeakTotalFieldChange(options), 3);
                break;
            case EventKind.Motor:
            case EventKind.Fan:
            case EventKind.ElectricalHum:
                double fundamental = p[e.Kind == EventKind.ElectricalHum ? "mains_hz" : "frequency_hz"];
                foreach (var (harmonic, _) in ToneSource.Harmonics(e.Kind, (int)p.GetValueOrDefault("harmonics", 0)))
                {
                    double f = harmonic * fundamental;
                    if (ToneSource.Passes(f, options))
                        p[$"apparent_hz_{harmonic}"] = Math.Round(ToneSource.AliasOf(f, options.SampleRateHz), 4);
                }
                break;
        }
    }
}
