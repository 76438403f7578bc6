namespace Lodestone.Trainers;

/// <summary>
/// A trainer that continues from a saved model of its own kind by loading it (weights), so a run continuing from a
/// model version fits only on its own data. Trainers without it continue by refitting on the earlier version's data
/// together with the new data.
/// </summary>
public interface IWarmStartTrainer
{
    /// <summary>The options with training set to start from the model saved in <paramref name="modelFolder"/>.</summary>
    TrainerOptions StartFrom(TrainerOptions options, string modelFolder);
}
