using System.Globalization;

namespace Lodestone.Evaluation.Plots;

/// <summary>An opaque colour; transparency is given per shape so that SVG and PNG blend the same way.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb Parse(string hex)
    {
        var h = hex.TrimStart('#');
        return new Rgb(byte.Parse(h[..2], NumberStyles.HexNumber), byte.Parse(h[2..4], NumberStyles.HexNumber),
            byte.Parse(h[4..6], NumberStyles.HexNumber));
    }

    public string Hex => $"#{R:x2}{G:x2}{B:x2}";

    /// <summary>Linear blend towards <paramref name="other"/>: t = 0 gives this colour, t = 1 the other.</summary>
    public Rgb Mix(Rgb other, double t) => new(Lerp(R, other.R, t), Lerp(G, other.G, t), Lerp(B, other.B, t));

    /// <summary>Relative brightness in [0, 1], used to pick dark or light text on a filled cell.</summary>
    public double Luminance => (0.2126 * R + 0.7152 * G + 0.0722 * B) / 255;

    private static byte Lerp(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * Math.Clamp(t, 0, 1));
}
