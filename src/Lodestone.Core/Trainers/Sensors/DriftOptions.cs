using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Lodestone.Trainers.Sensors;

public sealed class DriftOptions : TrainerOptions, ISensorOptions
{
    /// <summary>The sensor whose readings to learn from when the run names no dataset; its drift endpoint uses the newest such model.</summary>
    [Description("The sensor whose drift this predicts: its readings are the data when the run names no dataset, and its drift endpoint uses the newest such model.")]
    public string? Sensor { get; set; }

    /// <summary>The channel whose drift is predicted; may be left empty when the data have only one.</summary>
    [Description("The channel whose drift is predicted (e.g. temperature); may be left empty when the data have one channel.")]
    public string? Channel { get; set; }

    /// <summary>Readings needed before a model is fitted; with fewer the forecast falls back to a linear trend.</summary>
    [Description("Readings needed to fit a model; with fewer the forecast falls back to a linear trend.")]
    [Range(20, 10_000_000)]
    public int MinimumReadings { get; set; } = 20;

    /// <summary>
    /// Readings in the rolling mean and std; 0 picks about a tenth of the series (3 to 50). Not "Window": a run's config
    /// carries the windowing settings under "window" beside the options.
    /// </summary>
    [Description("Readings in the rolling mean and standard deviation; 0 suggests about a tenth of the series (3 to 50).")]
    [Range(0, 100_000)]
    public int RollingWindow { get; set; }

    /// <summary>The value drift is measured from; null takes the mean of the first window of readings.</summary>
    [Description("The value drift is measured from, in the channel's unit; empty takes the mean of the first window of readings.")]
    public double? Baseline { get; set; }

    /// <summary>Drift (% of the baseline) beyond which the threshold fallback reports a reading as drifted.</summary>
    [Description("Drift, in % of the baseline, beyond which a reading counts as drifted.")]
    [Range(0, 1_000, MinimumIsExclusive = true)]
    public double ThresholdPercent { get; set; } = 5;
}
