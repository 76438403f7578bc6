namespace Lodestone.Evaluation.Plots;

/// <summary>
/// The report's colours: a categorical palette for series (Tableau 10, chosen because its neighbours stay distinguishable
/// for the common colour-vision deficiencies) and the neutral greys of axes, grid and text.
/// </summary>
public static class Palette
{
    private static readonly Rgb[] Series =
    [
        Rgb.Parse("#4e79a7"), Rgb.Parse("#f28e2b"), Rgb.Parse("#e15759"), Rgb.Parse("#76b7b2"), Rgb.Parse("#59a14f"),
        Rgb.Parse("#edc948"), Rgb.Parse("#b07aa1"), Rgb.Parse("#ff9da7"), Rgb.Parse("#9c755f"), Rgb.Parse("#bab0ac"),
    ];

    public static readonly Rgb Background = new(255, 255, 255);
    public static readonly Rgb Text = Rgb.Parse("#222222");
    public static readonly Rgb MutedText = Rgb.Parse("#555555");
    public static readonly Rgb Axis = Rgb.Parse("#444444");
    public static readonly Rgb Grid = Rgb.Parse("#e4e4e4");
    public static readonly Rgb Reference = Rgb.Parse("#888888");
    public static readonly Rgb Alert = Rgb.Parse("#d62728");
    public static readonly Rgb HeatLow = Rgb.Parse("#f7fbff");
    public static readonly Rgb HeatHigh = Rgb.Parse("#08306b");

    /// <summary>The colour of the n-th series; the palette repeats after ten.</summary>
    public static Rgb Color(int index) => Series[((index % Series.Length) + Series.Length) % Series.Length];
}
