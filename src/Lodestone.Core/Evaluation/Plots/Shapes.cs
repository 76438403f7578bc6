namespace Lodestone.Evaluation.Plots;

/// <summary>A drawing primitive in canvas units (y grows downwards). Each renderer draws every kind.</summary>
internal abstract record Shape(Rgb Color, double Opacity);

/// <summary>An open polyline; a positive dash draws dash-long strokes with equal gaps.</summary>
internal sealed record PolylineShape(double[] X, double[] Y, double Width, double Dash, Rgb Color, double Opacity) : Shape(Color, Opacity);

internal sealed record RectShape(double X, double Y, double W, double H, Rgb Color, double Opacity) : Shape(Color, Opacity);

internal sealed record CircleShape(double X, double Y, double Radius, Rgb Color, double Opacity) : Shape(Color, Opacity);

/// <summary>Text on a baseline at (X, Y); vertical text reads bottom to top, turned about its anchor point.</summary>
internal sealed record TextShape(double X, double Y, string Text, double Size, TextAnchor Anchor, bool Vertical, bool Bold, Rgb Color)
    : Shape(Color, 1);
