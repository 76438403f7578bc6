namespace Lodestone.Evaluation.Plots;

/// <summary>The corner of the plot area that holds the legend, or none.</summary>
public enum LegendPosition { TopRight, TopLeft, BottomRight, BottomLeft, None }
