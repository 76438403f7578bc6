using System.Globalization;

namespace Lodestone.Evaluation.Plots;

/// <summary>Axis ticks at "nice" steps (1, 2 or 5 × 10ᵏ) and labels with just enough decimals to tell them apart.</summary>
internal static class Ticks
{
    public static (double Min, double Max, double[] Values, double Step) Nice(double min, double max, int target, bool fixedMin, bool fixedMax)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) (min, max) = (0, 1);
        if (max <= min)
        {
            var pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 1;
            (min, max) = (fixedMin ? min : min - pad, fixedMax ? max : max + pad);
            if (max <= min) max = min + 1;
        }
        var step = NiceStep((max - min) / Math.Max(1, target - 1));
        var lo = fixedMin ? min : Math.Floor(min / step) * step;
        var hi = fixedMax ? max : Math.Ceiling(max / step) * step;
        var values = new List<double>();
        for (var v = Math.Ceiling(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
            values.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        return (lo, hi, [.. values], step);
    }

    public static string Format(double value, double step)
    {
        var magnitude = Math.Max(Math.Abs(value), step);
        if (magnitude >= 1e6 || magnitude < 1e-4) return value.ToString("0.##E+0", CultureInfo.InvariantCulture);
        var decimals = Math.Clamp((int)-Math.Floor(Math.Log10(step) + 1e-9), 0, 6);
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static double NiceStep(double raw)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }
}
