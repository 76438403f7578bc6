namespace Lodestone.Trainers.Sensors;

public sealed class DriftOptions : TrainerOptions
{
    /// <summary>Readings needed before a model is fitted; with fewer the forecast falls back to a linear trend.</summary>
    public int MinimumReadings { get; set; } = 20;

    /// <summary>Readings in the rolling mean and std; 0 picks about a tenth of the series (3 to 50).</summary>
    public int Window { get; set; }

    /// <summary>The value drift is measured from; null takes the mean of the first window of readings.</summary>
    public double? Baseline { get; set; }

    /// <summary>Drift (% of the baseline) beyond which the threshold fallback reports a reading as drifted.</summary>
    public double ThresholdPercent { get; set; } = 5;
}
