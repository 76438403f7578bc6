using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;
using Lodestone.Training;

namespace Lodestone.Models;

/// <summary>
/// What a run takes from the model version it continues from, and the version it becomes. A trainer that warm-starts
/// (<see cref="IWarmStartTrainer"/>: the deep kinds) loads the parent's saved model and fits on the run's datasets only;
/// any other trainer refits on the parent's datasets (its inherited ones too) together with the run's. The window
/// settings the run's config leaves out are the parent's, so the inputs match. The model name is the recipe's
/// <c>modelName</c>, else the parent's, else the trainer kind (`{kind}_{sensor}` for a per-sensor model).
/// </summary>
public sealed class RunLineage
{
    public const string ModelFolder = "model";
    public const int MaxModelName = RunRecipe.MaxModelName;

    private RunLineage(ModelVersion? parent, string? warmStartFolder, IReadOnlyList<Guid> datasetIds, RunRecipe recipe, string modelName)
    {
        Parent = parent;
        WarmStartFolder = warmStartFolder;
        DatasetIds = datasetIds;
        Recipe = recipe;
        ModelName = modelName;
    }

    public ModelVersion? Parent { get; }
    /// <summary>The parent's saved model, when the trainer continues from its weights.</summary>
    public string? WarmStartFolder { get; }
    /// <summary>The datasets to read windows from: the run's, plus the parent's when refitting.</summary>
    public IReadOnlyList<Guid> DatasetIds { get; }
    /// <summary>The run's recipe with the parent's window settings filled in where the run set none.</summary>
    public RunRecipe Recipe { get; }
    public string ModelName { get; }

    /// <summary>
    /// Plans the run's lineage. A parent that is gone, of another kind, or whose saved model is missing stops the run
    /// with a <see cref="RunSetupException"/> (the API checks the first two when the run is created).
    /// </summary>
    public static async Task<RunLineage> PlanAsync(TrainingRun run, RunRecipe recipe, ITrainer trainer, ModelRegistry registry,
        CancellationToken cancellationToken)
    {
        if (run.ParentModelVersionId is not { } parentId)
            return new RunLineage(null, null, run.DatasetIds, recipe, recipe.ModelName ?? DefaultName(recipe));

        var parent = await registry.FindAsync(run.ProjectId, parentId, cancellationToken)
            ?? throw new RunSetupException($"The model version {parentId} this run continues from no longer exists.");
        if (parent.TrainerKind != trainer.Kind)
            throw new RunSetupException($"This {trainer.Kind} run cannot continue from {parent.ModelName} v{parent.Number}, a {parent.TrainerKind} model.");
        var folder = registry.ArtifactFolder(parent);
        if (!Directory.Exists(folder))
            throw new RunSetupException($"The saved model of {parent.ModelName} v{parent.Number} is missing ({folder}).");

        var warm = trainer is IWarmStartTrainer;
        var datasets = warm ? run.DatasetIds : [.. parent.Datasets.Select(d => d.DatasetId).Union(run.DatasetIds)];
        return new RunLineage(parent, warm ? folder : null, datasets, recipe.WithWindowFrom(parent.Window), recipe.ModelName ?? parent.ModelName);
    }

    /// <summary>
    /// The trainer kind, or <c>{kind}_{sensor}</c> for a per-sensor model: a run whose windows come from one sensor, or a
    /// sensor kind (drift, calibration) whose options name its sensor.
    /// </summary>
    public static string DefaultName(RunRecipe recipe) =>
        string.IsNullOrWhiteSpace(recipe.Sensor) ? recipe.TrainerKind : AnomalyModel.NameFor(recipe.TrainerKind, recipe.Sensor.Trim());

    /// <summary>How the run continues, for its log; null for a run that starts from scratch.</summary>
    public string? Describe(int datasetsOfRun)
    {
        if (Parent is null) return null;
        var how = WarmStartFolder is not null
            ? $"starting from its weights, on this run's {datasetsOfRun} dataset(s)"
            : $"refitting on its {Parent.Datasets.Count} dataset(s) together with this run's: {DatasetIds.Count} in all";
        return $"Continues from {Parent.ModelName} v{Parent.Number}, {how}; window length {Parent.Window.Length}, stride {Parent.Window.Stride} unless the config says otherwise.";
    }

    /// <summary>
    /// The version the run's fitted model becomes, with per-dataset lineage; <paramref name="datasetNames"/> are the
    /// datasets' current names (an inherited one without a name here keeps the name the parent recorded).
    /// </summary>
    public ModelVersion VersionOf(TrainingRun run, ITrainedModel model, WindowSet all, WindowSet fitted,
        IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<Guid, string> datasetNames, DateTime now)
    {
        var inherited = Parent?.Datasets.ToDictionary(d => d.DatasetId, d => d.InheritedFromVersionId ?? Parent.Id) ?? [];
        var recorded = Parent?.Datasets.Where(d => d.Name is not null).ToDictionary(d => d.DatasetId, d => d.Name!) ?? [];
        var datasets = DatasetIds.Select(id => new ModelDataset(id,
            all.DatasetIds.Count(d => d == id), fitted.DatasetIds.Count(d => d == id),
            WarmStartFolder is null && !run.DatasetIds.Contains(id) ? inherited.GetValueOrDefault(id) : null,
            datasetNames.GetValueOrDefault(id) ?? recorded.GetValueOrDefault(id))).ToList();
        // A warm-started classifier keeps the parent's label order and appends the new labels (its head grows).
        var labels = WarmStartFolder is not null && Parent is not null
            ? Parent.Labels.Concat(fitted.LabelNames().Where(l => !Parent.Labels.Contains(l))).ToList()
            : fitted.LabelNames().ToList();
        return ModelVersion.Create(run.ProjectId, ModelName, run.Id, Parent?.Id, run.TrainerKind, model.Task, datasets, labels,
            WindowOf(all), metrics, ModelFolder, now);
    }

    private ModelWindow WindowOf(WindowSet all) => new()
    {
        Length = all.Length, Stride = Recipe.Window.Stride ?? SampleStoreWindowSource.DefaultStride(all.Length), Channels = [.. all.Channels],
        LabelChannel = Recipe.Window.LabelChannel, SampleRateHz = all.SampleRateHz,
    };
}
