namespace Lodestone.Components;

/// <summary>How numbers read in the UI.</summary>
public static class Format
{
    public static string Rate(double? hertz) => hertz switch
    {
        null => "—",
        >= 1 => $"{hertz:0.##} Hz",
        > 0 => $"1 per {1 / hertz:0.#} s",
        _ => "—",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0} KB",
        _ => $"{bytes} B",
    };

    public static string Duration(TimeSpan span) => span.TotalDays >= 1
        ? $"{(int)span.TotalDays} d {span.Hours} h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
        : $"{span.TotalSeconds:0.###} s";

    public static string Number(double? value) => value switch
    {
        null => "—",
        var v when Math.Abs(v.Value) >= 1e5 || (Math.Abs(v.Value) < 1e-3 && v.Value != 0) => v.Value.ToString("0.###e0"),
        var v => v.Value.ToString("0.###"),
    };
}
