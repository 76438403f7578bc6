using System.Text.Json.Serialization;

namespace Lodestone.Trainers;

[JsonConverter(typeof(JsonStringEnumConverter<TrainingTask>))]
public enum TrainingTask
{
    Classification,
    MultiLabelClassification,
    AnomalyDetection,
    Regression,
}
