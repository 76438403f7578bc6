using Lodestone.Trainers;

namespace Lodestone.Models;

/// <summary>
/// One numbered version of a model in a project: what a completed internal run saved, with what it was trained on
/// (datasets, label schema, channels and window) and how good it was (metrics), and the version it continues from.
/// Versions are numbered per (project, model name) from 1; the parent links make the lineage.
/// </summary>
public sealed class ModelVersion
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    /// <summary>The model this is a version of: a run's config may name it (<c>modelName</c>); by default the parent's name, else the trainer kind.</summary>
    public string ModelName { get; private set; }
    /// <summary>1, 2, 3… per (project, model name).</summary>
    public int Number { get; private set; }
    /// <summary>The run that trained this version; its files hold the saved model.</summary>
    public Guid SourceRunId { get; private set; }
    /// <summary>The version the source run continued from (warm start or refit), if any.</summary>
    public Guid? ParentVersionId { get; private set; }
    public string TrainerKind { get; private set; }
    public TrainingTask Task { get; private set; }
    /// <summary>Every dataset the model was fitted on, including those inherited from the parent by a refit.</summary>
    public List<ModelDataset> Datasets { get; private set; } = [];
    /// <summary>The label schema: the labels the model knows, in the order its outputs use where it has one.</summary>
    public List<string> Labels { get; private set; } = [];
    public ModelWindow Window { get; private set; } = new();
    /// <summary>The source run's final metrics (the latest value of each, held-out test metrics included).</summary>
    public Dictionary<string, double> Metrics { get; private set; } = [];
    /// <summary>The saved model's folder, relative to the source run's files folder.</summary>
    public string ArtifactPath { get; private set; }
    public DateTime CreatedAt { get; private set; }

    private ModelVersion(Guid projectId, string modelName, string trainerKind, string artifactPath)
    {
        ProjectId = projectId;
        ModelName = modelName;
        TrainerKind = trainerKind;
        ArtifactPath = artifactPath;
    }

    /// <summary>A new version; its <see cref="Number"/> is given when the registry stores it.</summary>
    public static ModelVersion Create(Guid projectId, string modelName, Guid sourceRunId, Guid? parentVersionId, string trainerKind,
        TrainingTask task, IEnumerable<ModelDataset> datasets, IEnumerable<string> labels, ModelWindow window,
        IReadOnlyDictionary<string, double> metrics, string artifactPath, DateTime now) =>
        new(projectId, modelName, trainerKind, artifactPath)
        {
            SourceRunId = sourceRunId,
            ParentVersionId = parentVersionId,
            Task = task,
            Datasets = [.. datasets],
            Labels = [.. labels],
            Window = window,
            Metrics = new Dictionary<string, double>(metrics),
            CreatedAt = now,
        };

    /// <summary>Names this version after the ones before it of the same model.</summary>
    public void Numbered(int number) => Number = number;

    /// <summary>A resumed source run trained the model again: its facts replace the earlier ones, the number stays.</summary>
    public void Refresh(ModelVersion retrained)
    {
        Datasets = [.. retrained.Datasets];
        Labels = [.. retrained.Labels];
        Window = retrained.Window;
        Metrics = new Dictionary<string, double>(retrained.Metrics);
        ArtifactPath = retrained.ArtifactPath;
        Task = retrained.Task;
    }
}
