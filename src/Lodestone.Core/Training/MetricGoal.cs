using System.Text.Json.Serialization;

namespace Lodestone.Training;

/// <summary>Whether a smaller or a larger value of a metric is better (loss: minimize; accuracy: maximize).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricGoal>))]
public enum MetricGoal
{
    Minimize,
    Maximize,
}
