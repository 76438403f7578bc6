using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Lodestone.Training;

/// <summary>
/// How a run cuts its data into windows (the recipe's <c>"window"</c>). Every setting is optional: a run that sets none
/// gets the window the start form would suggest, every measured channel the datasets share, and all sensors' rows.
/// </summary>
public sealed record RunWindow
{
    [Description("Samples per window; empty suggests one from the sampling rate, or for slow data from the channels' memory.")]
    [Range(1, 1_000_000)]
    public int? Length { get; init; }

    [Description("Samples from one window's start to the next; empty is half the length, so each sample is seen twice.")]
    [Range(1, 1_000_000)]
    public int? Stride { get; init; }

    [Description("The input channels, in this order; empty uses every measured channel all datasets have.")]
    public List<string>? Channels { get; init; }

    [Description("A numeric channel holding ground truth (at least 0.5 marks an anomaly): it labels each window and is never an input.")]
    public string? LabelChannel { get; init; }

    [Description("The level of the label hierarchy to train at when labels come from annotations: 0 reads every label as its top-level ancestor, 1 as its ancestor one below, and so on; empty keeps the labels as given.")]
    [Range(0, 20)]
    public int? LabelLevel { get; init; }

    [Description("Only this sensor's rows (a per-sensor model, named {kind}_{sensor}); every dataset must have recorded it.")]
    public string? Sensor { get; init; }
}
