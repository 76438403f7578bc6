namespace Lodestone.Trainers;

/// <summary>
/// An untrained specification of a model kind, in the spirit of ML.NET's estimator: typed options, a check of the data
/// before any long work, and <see cref="FitAsync"/> that reports to the run and returns a trained artifact.
/// </summary>
public interface ITrainer
{
    /// <summary>Stable identifier used in configs, APIs and model names, e.g. <c>isolation-forest</c>, <c>lightgbm</c>, <c>lstm</c>.</summary>
    string Kind { get; }

    TrainingTask Task { get; }

    /// <summary>The options class; its public settable properties are the hyperparameters, and its JSON schema is derived from it.</summary>
    Type OptionsType { get; }

    TrainerOptions CreateDefaultOptions();

    /// <summary>Lists every problem with the data for these options (too few windows, missing labels or channels); empty when fit may start.</summary>
    IReadOnlyList<string> Check(WindowSet data, TrainerOptions options);

    Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context);
}
