namespace Lodestone.Samples;

/// <summary>
/// What to generate. Set either <see cref="Duration"/> or <see cref="RowCount"/> (RowCount wins when both are set).
/// Rows come in time order, one per sensor per time step, sensors in order within a step.
/// </summary>
public sealed record RecordingOptions
{
    /// <summary>Timestamp of the first row; truncated to whole milliseconds (the CSV's resolution).</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Samples per second and sensor, at most 1000. Rates that divide 1000 (50, 100, 200, 250, …) give exactly uniform
    /// millisecond timestamps; other rates round each timestamp to the nearest millisecond.
    /// </summary>
    public double SampleRateHz { get; init; } = 50;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>When set, exactly this many data rows are written; the time grid runs on past any gaps to reach it.</summary>
    public long? RowCount { get; init; }

    public int SensorCount { get; init; } = 1;

    /// <summary>The same seed and options give byte-identical output.</summary>
    public ulong Seed { get; init; } = 1;

    public EventRates Rates { get; init; } = EventRates.Default;

    /// <summary>Events placed on top of the random ones.</summary>
    public IReadOnlyList<ScriptedEvent> Events { get; init; } = [];

    /// <summary>Mains frequency of the electrical hum: 50 or 60 Hz.</summary>
    public double MainsFrequencyHz { get; init; } = 50;

    /// <summary>
    /// False (default): the sensor samples the field at each instant, as low-cost digital magnetometers do, so tones above
    /// the Nyquist frequency fold down to |f − k·rate| (50 Hz hum sampled at 50 Hz becomes a slow wander). True: an ideal
    /// anti-aliasing filter removes every tone above the Nyquist frequency.
    /// </summary>
    public bool AntiAliasFilter { get; init; }

    /// <summary>White sensor noise, standard deviation per axis in nT.</summary>
    public double NoiseNt { get; init; } = 2.0;

    /// <summary>Site position of the first sensor; the others stand 15 m apart to the east.</summary>
    public double Latitude { get; init; } = 48.137;
    public double Longitude { get; init; } = 11.575;
    public double AltitudeM { get; init; } = 519.0;

    /// <summary>Earth's field at the site (north, east, down) in nT; each sensor adds a small local anomaly.</summary>
    public double FieldNorthNt { get; init; } = 20_000;
    public double FieldEastNt { get; init; } = 1_500;
    public double FieldDownNt { get; init; } = 45_000;

    /// <summary>Sensor ids are this prefix plus a two-digit number: mag-01, mag-02, ….</summary>
    public string SensorPrefix { get; init; } = "mag-";

    internal DateTimeOffset AlignedStart => new(Start.UtcTicks - Start.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>Time steps of the planned grid (before gaps extend it in row-count mode).</summary>
    internal long PlannedSteps => RowCount is long rows
        ? (rows + SensorCount - 1) / SensorCount
        : (long)Math.Ceiling(Duration.TotalSeconds * SampleRateHz - 1e-9);

    internal string SensorId(int index) => $"{SensorPrefix}{index + 1:00}";

    internal void Validate()
    {
        if (!(SampleRateHz > 0 && SampleRateHz <= 1000))
            throw new ArgumentOutOfRangeException(nameof(SampleRateHz), SampleRateHz, "The sampling rate must be in (0, 1000] Hz.");
        if (SensorCount is < 1 or > 99)
            throw new ArgumentOutOfRangeException(nameof(SensorCount), SensorCount, "Between 1 and 99 sensors.");
        if (RowCount is < 0)
            throw new ArgumentOutOfRangeException(nameof(RowCount), RowCount, "The row count cannot be negative.");
        if (RowCount is null && Duration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "The duration cannot be negative.");
        if (MainsFrequencyHz is not (50 or 60))
            throw new ArgumentOutOfRangeException(nameof(MainsFrequencyHz), MainsFrequencyHz, "Mains is 50 or 60 Hz.");
        if (NoiseNt < 0)
            throw new ArgumentOutOfRangeException(nameof(NoiseNt), NoiseNt, "Noise cannot be negative.");
        foreach (var e in Events)
        {
            if (e.Sensor < 0 || e.Sensor >= SensorCount)
                throw new ArgumentOutOfRangeException(nameof(Events), e.Sensor, $"Scripted {e.Kind} names sensor {e.Sensor}, but there are {SensorCount}.");
            if (e.Start < TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(Events), e.Start, $"Scripted {e.Kind} starts before the recording.");
        }
    }
}
