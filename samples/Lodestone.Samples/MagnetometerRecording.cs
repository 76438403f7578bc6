namespace Lodestone.Samples;

/// <summary>
/// A synthetic magnetometer recording with ground truth. <see cref="Plan"/> places the events (cheap, nothing is
/// sampled); <see cref="Samples"/> streams the rows one at a time, so recordings of any length never sit in memory.
/// The same options (seed included) always give the same rows and the same ground truth.
/// </summary>
/// <example>
/// <code>
/// var truth = MagnetometerRecording.WriteCsv("site.csv", new RecordingOptions { Duration = TimeSpan.FromHours(1) });
/// // site.csv, site.events.json and site.events.csv now exist.
/// foreach (var sample in MagnetometerRecording.Generate(new RecordingOptions { RowCount = 1000 })) { … }
/// </code>
/// </example>
public sealed class MagnetometerRecording
{
    private readonly List<PlannedEvent> _events;

    private MagnetometerRecording(RecordingOptions options, List<PlannedEvent> events)
    {
        Options = options;
        _events = events;
        var sensorIds = new string[options.SensorCount];
        for (int i = 0; i < sensorIds.Length; i++) sensorIds[i] = options.SensorId(i);
        var truth = new List<GroundTruthEvent>(events.Count);
        foreach (var e in events)
        {
            truth.Add(new GroundTruthEvent(e.Kind, EventLabels.Label(e.Kind), EventLabels.Category(e.Kind), sensorIds[e.Sensor],
                TimestampOf(e.StartStep), TimestampOf(e.EndStep), e.Parameters.AsReadOnly()));
        }
        GroundTruth = new GroundTruth(options.AlignedStart, options.SampleRateHz, options.Seed, options.MainsFrequencyHz,
            options.AntiAliasFilter, sensorIds, truth);
    }

    public RecordingOptions Options { get; }

    public GroundTruth GroundTruth { get; }

    public static MagnetometerRecording Plan(RecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new MagnetometerRecording(options, EventPlanner.Plan(options));
    }

    /// <summary>Shorthand for <c>Plan(options).Samples()</c>.</summary>
    public static IEnumerable<MagnetometerSample> Generate(RecordingOptions options) => Plan(options).Samples();

    /// <summary>
    /// Writes the recording CSV to <paramref name="path"/> and its ground truth beside it; returns the ground truth.
    /// <paramref name="truthColumns"/> also writes the truth into every row (<see cref="MagnetometerCsv.TruthColumns"/>).
    /// </summary>
    public static GroundTruth WriteCsv(string path, RecordingOptions options, bool truthColumns = false)
    {
        var recording = Plan(options);
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            recording.WriteCsv(stream, truthColumns);
        var (json, csv) = GroundTruth.PathsBeside(path);
        recording.GroundTruth.WriteJson(json);
        recording.GroundTruth.WriteCsv(csv);
        return recording.GroundTruth;
    }

    /// <summary>Writes the header and all rows, with the truth columns when asked; returns the number of data rows.</summary>
    public long WriteCsv(Stream stream, bool truthColumns = false) => MagnetometerCsv.Write(Samples(), stream, truthColumns ? GroundTruth : null);

    /// <summary>
    /// The rows in time order, one per sensor per time step. Each enumeration starts afresh and yields the same rows.
    /// </summary>
    public IEnumerable<MagnetometerSample> Samples()
    {
        // An iterator from the top, so that every enumeration builds its own sensor state.
        var options = Options;
        var sensors = new SensorSynthesizer[options.SensorCount];
        for (int i = 0; i < sensors.Length; i++)
        {
            var mine = new List<PlannedEvent>();
            foreach (var e in _events)
                if (e.Sensor == i) mine.Add(e);
            sensors[i] = new SensorSynthesizer(i, options, mine);
        }
        double rate = options.SampleRateHz;
        long plannedSteps = options.PlannedSteps;
        long rowLimit = options.RowCount ?? long.MaxValue;
        long rows = 0;
        var diurnal = new DiurnalVariation(options);
        for (long step = 0; options.RowCount is not null || step < plannedSteps; step++)
        {
            double t = step / rate;
            var timestamp = TimestampOf(step).UtcDateTime;
            var site = diurnal.At(timestamp);
            for (int s = 0; s < sensors.Length; s++)
            {
                if (rows >= rowLimit) yield break;
                if (sensors[s].Next(step, t, timestamp, site, out var sample))
                {
                    rows++;
                    yield return sample;
                }
            }
        }
    }

    /// <summary>The timestamp of a time step, rounded to the millisecond like the CSV.</summary>
    internal DateTimeOffset TimestampOf(long step) =>
        Options.AlignedStart.AddTicks((long)Math.Round(step * 1000.0 / Options.SampleRateHz) * TimeSpan.TicksPerMillisecond);
}
