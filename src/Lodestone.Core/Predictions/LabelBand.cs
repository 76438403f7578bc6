namespace Lodestone.Predictions;

/// <summary>Adjacent windows of one sensor that a classifier gave the same label, merged into one band for the chart.</summary>
public sealed record LabelBand(string? Sensor, DateTime Start, DateTime End, string Label, double? Confidence, long Windows);
