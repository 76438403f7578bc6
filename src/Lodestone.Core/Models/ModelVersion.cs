using Lodestone.Trainers;

namespace Lodestone.Models;

/// <summary>
/// One numbered version of a model in a project: what a completed internal run saved, with what it was trained on
/// (datasets, label schema, channels and window) and how good it was (metrics), and the version it continues from.
/// Versions are numbered per model from 1; the parent links make the lineage. A clone of a model copies its versions'
/// facts into new versions of the new model, each naming the version it was cloned from and sharing its saved model.
/// </summary>
public sealed class ModelVersion
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    /// <summary>The <see cref="Model"/> this is a version of; set when the registry stores the version.</summary>
    public Guid ModelId { get; private set; }
    /// <summary>The model's name, kept with the version so that it names itself (<c>{ModelName} v{Number}</c>). The model this is a version of: a run's config may name it (<c>modelName</c>); by default the parent's name, else the trainer kind.</summary>
    public string ModelName { get; private set; }
    /// <summary>1, 2, 3… per model.</summary>
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
    /// <summary>A label people give the version besides its number (<c>2026-spring</c>, <c>1.4.0</c>); optional.</summary>
    public string? VersionLabel { get; private set; }
    /// <summary>Free notes on the version (what changed, why it was kept).</summary>
    public string? Notes { get; private set; }
    /// <summary>The version this one's facts were copied from when its model was cloned; null for a trained version.</summary>
    public Guid? ClonedFromVersionId { get; private set; }

    public const int MaxVersionLabel = 100;
    public const int MaxNotes = 5000;

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

    /// <summary>Makes this a version of <paramref name="model"/> (the registry does, when it stores the version).</summary>
    public void BelongsTo(Model model)
    {
        ModelId = model.Id;
        ModelName = model.Name;
    }

    /// <summary>Sets the label and notes that are given (an empty string clears one).</summary>
    /// <exception cref="InvalidInputException">The label or notes are too long.</exception>
    public void Describe(string? versionLabel, string? notes)
    {
        if (versionLabel is not null)
        {
            var label = versionLabel.Trim();
            if (label.Length > MaxVersionLabel) throw new InvalidInputException($"versionLabel: must have at most {MaxVersionLabel} characters; it has {label.Length}.");
            VersionLabel = label.Length == 0 ? null : label;
        }
        if (notes is not null)
        {
            if (notes.Length > MaxNotes) throw new InvalidInputException($"notes: must have at most {MaxNotes} characters; it has {notes.Length}.");
            Notes = notes.Length == 0 ? null : notes;
        }
    }

    /// <summary>
    /// A copy of this version's facts as version <paramref name="number"/> of <paramref name="model"/>: the same source
    /// run and saved model, metrics, labels and window; its datasets only <paramref name="withTrainingData"/>.
    /// <paramref name="parentVersionId"/> is the clone of this version's parent when that was cloned too, else its parent.
    /// </summary>
    public ModelVersion CloneInto(Model model, int number, Guid? parentVersionId, bool withTrainingData, DateTime now)
    {
        var clone = Create(model.ProjectId, model.Name, SourceRunId, parentVersionId, TrainerKind, Task,
            withTrainingData ? Datasets : [], Labels, Window, Metrics, ArtifactPath, now);
        clone.BelongsTo(model);
        clone.Numbered(number);
        clone.VersionLabel = VersionLabel;
        clone.Notes = Notes;
        clone.ClonedFromVersionId = Id;
        return clone;
    }

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
