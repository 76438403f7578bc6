namespace Lodestone.Trainers;

public enum TrainingTask
{
    Classification,
    MultiLabelClassification,
    AnomalyDetection,
    Regression,
}
