namespace Lodestone.Training;

/// <summary>A tag of an MLflow experiment, which is a project: one row per (project, key), kept and returned with it.</summary>
public sealed class ExperimentTag
{
    public const int MaxValueLength = 5000;

    public Guid ProjectId { get; private set; }
    public string Key { get; private set; }
    public string Value { get; private set; }

    public ExperimentTag(Guid projectId, string key, string value)
    {
        ProjectId = projectId;
        Key = key;
        Value = value;
    }
}
