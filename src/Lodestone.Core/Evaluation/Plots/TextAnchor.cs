namespace Lodestone.Evaluation.Plots;

/// <summary>Which point of a text's baseline its position names, as SVG's text-anchor.</summary>
public enum TextAnchor { Start, Middle, End }
