using Lodestone.Evaluation.Plots;

namespace Lodestone.Evaluation;

/// <summary>One plot of a report: a file-safe name (the PNG is plots/{Name}.png), a caption and the drawing.</summary>
public sealed record ReportPlot(string Name, string Title, PlotCanvas Canvas);
