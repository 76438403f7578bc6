namespace Lodestone.Samples;

/// <summary>
/// An Ornstein–Uhlenbeck (AR(1)) process with standard deviation sigma and time constant tau. It draws a new value only
/// every <c>k</c> samples and interpolates linearly in between (or holds, like a 1 Hz GPS fix), which keeps slow
/// processes nearly free in the per-sample loop. Several of them with time constants a decade apart add up to a
/// 1/f-like spectrum. Ten points per time constant keep the interpolation error far below the white noise while
/// cutting the Gaussian draws per sample by half.
/// </summary>
internal struct Drift
{
    private readonly double _a;
    private readonly double _innovation;
    private readonly int _k;
    private readonly bool _interpolate;
    private double _previous;
    private double _next;
    private int _i;

    public Drift(double sigma, double tauSeconds, double sampleRateHz, Rng rng, bool interpolate = true, int? everySamples = null)
    {
        _k = everySamples ?? Math.Max(1, (int)(tauSeconds * sampleRateHz / 10));
        _interpolate = interpolate;
        double a = Math.Exp(-_k / sampleRateHz / tauSeconds);
        _a = a;
        _innovation = sigma * Math.Sqrt(1 - a * a);
        _previous = sigma * rng.Gaussian();
        _next = _a * _previous + _innovation * rng.Gaussian();
        _i = 0;
    }

    public double Next(Rng rng)
    {
        if (_i == _k)
        {
            _previous = _next;
            _next = _a * _next + _innovation * rng.Gaussian();
            _i = 0;
        }
        double value = _interpolate ? _previous + (_next - _previous) * _i / _k : _previous;
        _i++;
        return value;
    }
}
