namespace Lodestone.Samples;

/// <summary>
/// One sensor's state through a recording: its local field, 1/f-like drift, white noise, mounting and wobble, GPS
/// jitter, and the events that concern it. <see cref="Next"/> is the per-sample hot path: no allocation, no LINQ.
/// </summary>
internal sealed class SensorSynthesizer
{
    private const double MetresPerDegreeLatitude = 111_320;
    private const double DegToRad = Math.PI / 180;

    // Drift time constants a decade apart, equal variance each: their sum has a roughly 1/f spectrum from ~1 mHz to ~1 Hz.
    private static readonly double[] DriftTauSeconds = [1, 10, 100, 1000];
    private const double DriftSigmaNt = 1.2;

    private readonly string _id;
    private readonly Rng _rng;
    private readonly double _noise;
    private readonly Vec3 _localField;
    private readonly Drift[] _drift;
    private readonly Drift[] _wobble;
    private readonly Drift[] _gps;
    private readonly double[] _toSensor;
    private readonly double _roll, _pitch, _heading;
    private readonly double _latitude, _longitude, _altitude, _metresPerDegreeLongitude;

    private readonly FieldSource[] _sources;
    private readonly List<FieldSource> _activeSources = [];
    private int _nextSource;
    private readonly SensorFault[] _faults;
    private readonly List<SensorFault> _activeFaults = [];
    private int _nextFault;
    private Vec3 _lastReported;
    private bool _hasReported;

    public SensorSynthesizer(int index, RecordingOptions options, IEnumerable<PlannedEvent> events)
    {
        double rate = options.SampleRateHz;
        _id = options.SensorId(index);
        // Setup draws come from their own stream so that the noise stream starts the same whatever the setup needs.
        var setup = Rng.Stream(options.Seed, 10_000 + (ulong)index);
        _rng = Rng.Stream(options.Seed, 20_000 + (ulong)index);
        _noise = options.NoiseNt;

        // Local anomaly: the ground and nearby steel shift each sensor's static field by tens of nT.
        _localField = new Vec3(
            options.FieldNorthNt + 30 * setup.Gaussian(),
            options.FieldEastNt + 30 * setup.Gaussian(),
            options.FieldDownNt + 30 * setup.Gaussian());

        _drift = new Drift[3 * DriftTauSeconds.Length];
        for (int i = 0; i < _drift.Length; i++)
            _drift[i] = new Drift(DriftSigmaNt, DriftTauSeconds[i % DriftTauSeconds.Length], rate, _rng);

        // Mounted within a degree of level and a few degrees of north; wind and ground vibration wobble it slightly.
        _roll = setup.Uniform(-1, 1);
        _pitch = setup.Uniform(-1, 1);
        _heading = setup.Uniform(-3, 3);
        _wobble =
        [
            new Drift(0.01, 3, rate, _rng),
            new Drift(0.01, 3, rate, _rng),
            new Drift(0.02, 3, rate, _rng),
        ];
        _toSensor = WorldToSensor(_roll * DegToRad, _pitch * DegToRad, _heading * DegToRad);

        // Sensors stand 15 m apart to the east; GPS fixes arrive once a second and wander by a metre or two.
        _latitude = options.Latitude;
        _metresPerDegreeLongitude = MetresPerDegreeLatitude * Math.Cos(options.Latitude * DegToRad);
        _longitude = options.Longitude + index * 15 / _metresPerDegreeLongitude;
        _altitude = options.AltitudeM;
        int fixEvery = Math.Max(1, (int)Math.Round(rate));
        _gps =
        [
            new Drift(1.0, 20, rate, _rng, interpolate: false, everySamples: fixEvery),
            new Drift(1.0, 20, rate, _rng, interpolate: false, everySamples: fixEvery),
            new Drift(2.0, 20, rate, _rng, interpolate: false, everySamples: fixEvery),
        ];

        var sources = new List<FieldSource>();
        var faults = new List<SensorFault>();
        foreach (var e in events)
        {
            if (e.Kind == EventKind.VehiclePass) sources.Add(VehiclePass.Create(e, options));
            else if (EventLabels.IsFault(e.Kind)) faults.Add(new SensorFault(e));
            else sources.Add(ToneSource.Create(e, options));
        }
        _sources = sources.ToArray();
        _faults = faults.ToArray();
    }

    /// <summary>The sample at <paramref name="step"/>; false when a gap swallows the row.</summary>
    public bool Next(long step, double t, DateTime timestamp, Vec3 diurnal, out MagnetometerSample sample)
    {
        var rng = _rng;
        var world = _localField + diurnal + new Vec3(DriftOf(0, rng), DriftOf(4, rng), DriftOf(8, rng));

        while (_nextSource < _sources.Length && _sources[_nextSource].StartStep <= step)
            _activeSources.Add(_sources[_nextSource++]);
        for (int i = _activeSources.Count - 1; i >= 0; i--)
        {
            var source = _activeSources[i];
            if (source.EndStep <= step) _activeSources.RemoveAt(i);
            else source.AddField(t, ref world);
        }

        // Into the sensor's axes: the nominal mounting exactly, then the small wobble to first order (b − δ×b).
        var m = _toSensor;
        var b = new Vec3(
            m[0] * world.X + m[1] * world.Y + m[2] * world.Z,
            m[3] * world.X + m[4] * world.Y + m[5] * world.Z,
            m[6] * world.X + m[7] * world.Y + m[8] * world.Z);
        double wx = _wobble[0].Next(rng), wy = _wobble[1].Next(rng), wz = _wobble[2].Next(rng);
        b -= new Vec3(wx * DegToRad, wy * DegToRad, wz * DegToRad).Cross(b);
        b += new Vec3(_noise * rng.Gaussian(), _noise * rng.Gaussian(), _noise * rng.Gaussian());

        bool missing = false;
        bool present = true;
        while (_nextFault < _faults.Length && _faults[_nextFault].StartStep <= step)
            _activeFaults.Add(_faults[_nextFault++]);
        for (int i = _activeFaults.Count - 1; i >= 0; i--)
        {
            var fault = _activeFaults[i];
            if (fault.EndStep <= step) _activeFaults.RemoveAt(i);
            else present &= fault.Apply(ref b, ref missing, _hasReported ? _lastReported : b);
        }

        double north = _gps[0].Next(rng), east = _gps[1].Next(rng), up = _gps[2].Next(rng);
        if (!present)
        {
            sample = default;
            return false;
        }
        if (!missing)
        {
            _lastReported = b;
            _hasReported = true;
        }
        sample = new MagnetometerSample(
            timestamp,
            missing ? double.NaN : b.X,
            missing ? double.NaN : b.Y,
            missing ? double.NaN : b.Z,
            _latitude + north / MetresPerDegreeLatitude,
            _longitude + east / _metresPerDegreeLongitude,
            _altitude + up,
            _roll + wx,
            _pitch + wy,
            _heading + wz,
            _id);
        return true;
    }

    private double DriftOf(int first, Rng rng) =>
        _drift[first].Next(rng) + _drift[first + 1].Next(rng) + _drift[first + 2].Next(rng) + _drift[first + 3].Next(rng);

    /// <summary>Rows of Rᵀ for R = Rz(heading)·Ry(pitch)·Rx(roll), the sensor-to-site rotation.</summary>
    private static double[] WorldToSensor(double roll, double pitch, double heading)
    {
        double cr = Math.Cos(roll), sr = Math.Sin(roll);
        double cp = Math.Cos(pitch), sp = Math.Sin(pitch);
        double ch = Math.Cos(heading), sh = Math.Sin(heading);
        return
        [
            ch * cp, sh * cp, -sp,
            ch * sp * sr - sh * cr, sh * sp * sr + ch * cr, cp * sr,
            ch * sp * cr + sh * sr, sh * sp * cr - ch * sr, cp * cr,
        ];
    }
}
