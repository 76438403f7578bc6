namespace Lodestone.Samples;

/// <summary>
/// A rotating machine or the mains: a sum of tones (a frequency and its harmonics), each along its own direction,
/// with soft on/off ramps, an optional slow amplitude modulation and an optional static (DC) part. Tones are evaluated
/// at the sampling instants, so a tone above the Nyquist frequency folds down unless the anti-aliasing filter is on,
/// in which case it is dropped.
/// </summary>
internal sealed class ToneSource : FieldSource
{
    private readonly double[] _frequency;
    private readonly double[] _amplitude;
    private readonly double[] _phase;
    private readonly Vec3[] _direction;
    private readonly Vec3 _dc;
    private readonly double _startTime;
    private readonly double _endTime;
    private readonly double _rampSeconds;
    private readonly double _modulationHz;
    private readonly double _modulationDepth;

    private ToneSource(PlannedEvent planned, double rate, List<(double Hz, double Nt)> tones, Vec3 dc,
        double rampSeconds, double modulationHz, double modulationDepth, Rng rng)
        : base(planned.StartStep, planned.EndStep)
    {
        _frequency = new double[tones.Count];
        _amplitude = new double[tones.Count];
        _phase = new double[tones.Count];
        _direction = new Vec3[tones.Count];
        for (int i = 0; i < tones.Count; i++)
        {
            _frequency[i] = tones[i].Hz;
            _amplitude[i] = tones[i].Nt;
            _phase[i] = rng.Uniform(0, 2 * Math.PI);
            _direction[i] = rng.UnitVector();
        }
        _dc = dc;
        _startTime = planned.StartStep / rate;
        _endTime = planned.EndStep / rate;
        _rampSeconds = rampSeconds;
        _modulationHz = modulationHz;
        _modulationDepth = modulationDepth;
    }

    /// <summary>The frequency a tone appears at when sampled at <paramref name="rate"/> without a filter.</summary>
    public static double AliasOf(double frequency, double rate)
    {
        double folded = frequency % rate;
        return Math.Min(folded, rate - folded);
    }

    /// <summary>Whether a tone survives the sensor: always without the filter, below Nyquist with it.</summary>
    public static bool Passes(double frequency, RecordingOptions options) =>
        !options.AntiAliasFilter || frequency < options.SampleRateHz / 2;

    public static ToneSource Create(PlannedEvent planned, RecordingOptions options)
    {
        var p = planned.Parameters;
        var rng = new Rng(planned.Seed);
        var tones = new List<(double, double)>();
        foreach (var (harmonic, relative) in Harmonics(planned.Kind, (int)p.GetValueOrDefault("harmonics", 0)))
        {
            double frequency = harmonic * p[planned.Kind == EventKind.ElectricalHum ? "mains_hz" : "frequency_hz"];
            // Drawn whether or not the tone passes, so that the filter setting does not shift the other tones' draws.
            double jitter = rng.Uniform(0.7, 1.15);
            if (Passes(frequency, options)) tones.Add((frequency, p["amplitude_nt"] * relative * (harmonic == 1 ? 1 : jitter)));
        }
        var dc = p.GetValueOrDefault("dc_nt", 0) * rng.UnitVector();
        return planned.Kind switch
        {
            EventKind.Motor => new ToneSource(planned, options.SampleRateHz, tones, dc, 2.0, 0, 0, rng),
            EventKind.Fan => new ToneSource(planned, options.SampleRateHz, tones, dc, 3.0,
                p["modulation_hz"], p["modulation_depth"], rng),
            _ => new ToneSource(planned, options.SampleRateHz, tones, dc, 0.2, 0, 0, rng),
        };
    }

    /// <summary>Harmonic numbers and their amplitude relative to the fundamental.</summary>
    public static IEnumerable<(int Harmonic, double Relative)> Harmonics(EventKind kind, int count)
    {
        if (kind == EventKind.ElectricalHum)
        {
            // Transformer and rectifier loads: odd harmonics dominate, a little even second harmonic.
            yield return (1, 1.0);
            yield return (2, 0.08);
            yield return (3, 0.35);
            yield return (5, 0.15);
            yield return (7, 0.08);
            yield break;
        }
        double falloff = kind == EventKind.Fan ? 0.6 : 0.7;
        for (int k = 1; k <= count; k++) yield return (k, Math.Pow(falloff, k - 1));
    }

    public override void AddField(double t, ref Vec3 field)
    {
        double envelope = Math.Min(1.0, Math.Min(t - _startTime, _endTime - t) / _rampSeconds);
        if (envelope <= 0) return;
        if (_modulationDepth > 0)
        {
            double cycle = Frac(_modulationHz * (t - _startTime));
            envelope *= 1 - _modulationDepth * 0.5 * (1 - Math.Cos(2 * Math.PI * cycle));
        }
        double x = _dc.X, y = _dc.Y, z = _dc.Z;
        for (int i = 0; i < _frequency.Length; i++)
        {
            // Reduce f·t to a fraction of a cycle first: at t ≈ 10⁵ s the full phase would lose precision.
            double s = _amplitude[i] * Math.Sin(2 * Math.PI * Frac(_frequency[i] * t) + _phase[i]);
            x += s * _direction[i].X;
            y += s * _direction[i].Y;
            z += s * _direction[i].Z;
        }
        field += new Vec3(envelope * x, envelope * y, envelope * z);
    }

    private static double Frac(double v) => v - Math.Floor(v);
}
