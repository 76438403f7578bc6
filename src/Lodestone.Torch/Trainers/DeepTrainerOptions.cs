using Lodestone.Trainers;

namespace Lodestone.Torch.Trainers;

/// <summary>Hyperparameters shared by every deep trainer, and continued training from a saved model.</summary>
public abstract class DeepTrainerOptions : TrainerOptions
{
    public int Epochs { get; set; } = 30;
    public int BatchSize { get; set; } = 32;
    public double LearningRate { get; set; } = 1e-3;
    public int HiddenSize { get; set; } = 64;
    public int Layers { get; set; } = 2;
    public double Dropout { get; set; } = 0.1;

    /// <summary>Gradients are rescaled so that their norm is at most this; 0 turns clipping off.</summary>
    public double GradientClipNorm { get; set; } = 1.0;

    /// <summary>Stop after this many epochs without a better validation loss; 0 trains every epoch.</summary>
    public int EarlyStoppingPatience { get; set; } = 10;

    /// <summary>Share of the windows held out to compute val_loss for early stopping; 0 uses none.</summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>libtorch threads; 0 keeps its default of one per core.</summary>
    public int Threads { get; set; }

    /// <summary>A folder written by a deep model's Save: training starts from its weights (continued training).</summary>
    public string? StartFrom { get; set; }

    /// <summary>
    /// Layers whose weights stay fixed: empty for none, <c>all-but-head</c>, or comma-separated names of the network's
    /// top-level layers (e.g. <c>features</c> or <c>lstm</c>).
    /// </summary>
    public string FreezeLayers { get; set; } = "";

    /// <summary>From this epoch (1-based) on, frozen layers train too; 0 keeps them frozen to the end.</summary>
    public int UnfreezeEpoch { get; set; }
}
