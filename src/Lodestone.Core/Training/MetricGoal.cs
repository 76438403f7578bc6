namespace Lodestone.Training;

/// <summary>Whether a smaller or a larger value of a metric is better (loss: minimize; accuracy: maximize).</summary>
public enum MetricGoal
{
    Minimize,
    Maximize,
}
