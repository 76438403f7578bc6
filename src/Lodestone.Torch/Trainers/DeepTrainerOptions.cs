using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Lodestone.Trainers;

namespace Lodestone.Torch.Trainers;

/// <summary>Hyperparameters shared by every deep trainer, and continued training from a saved model.</summary>
public abstract class DeepTrainerOptions : TrainerOptions
{
    [Description("Passes over the training windows; early stopping may end training sooner.")]
    [Range(1, 10_000)]
    public int Epochs { get; set; } = 30;

    [Description("Windows per gradient step: larger batches give smoother, fewer steps per epoch.")]
    [Range(1, 65_536)]
    public int BatchSize { get; set; } = 32;

    [Description("Adam's step size: too large diverges, too small learns slowly; 0.001 suits most networks.")]
    [Range(0, 1, MinimumIsExclusive = true)]
    public double LearningRate { get; set; } = 1e-3;

    [Description("Width of the network's hidden layers: wider networks learn more and fit longer.")]
    [Range(2, 4_096)]
    public int HiddenSize { get; set; } = 64;

    [Description("Stacked layers of the network.")]
    [Range(1, 32)]
    public int Layers { get; set; } = 2;

    [Description("Share of activations zeroed while training, against overfitting.")]
    [Range(0, 1, MaximumIsExclusive = true)]
    public double Dropout { get; set; } = 0.1;

    /// <summary>Gradients are rescaled so that their norm is at most this; 0 turns clipping off.</summary>
    [Description("Gradients are rescaled so that their norm is at most this, against exploding gradients; 0 turns clipping off.")]
    [Range(0, 1_000_000)]
    public double GradientClipNorm { get; set; } = 1.0;

    /// <summary>Stop after this many epochs without a better validation loss; 0 trains every epoch.</summary>
    [Description("Stop after this many epochs without a better validation loss; 0 trains every epoch.")]
    [Range(0, 10_000)]
    public int EarlyStoppingPatience { get; set; } = 10;

    /// <summary>Share of the windows held out to compute val_loss for early stopping; 0 uses none.</summary>
    [Description("Share of the training windows held out to compute val_loss for early stopping; 0 holds none out.")]
    [Range(0, 1, MaximumIsExclusive = true)]
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>libtorch threads; 0 keeps its default of one per core. A worker's matter, not a person's: hidden in the form.</summary>
    [Description("libtorch threads; 0 keeps its default of one per core.")]
    [Range(0, 1_024)]
    [Browsable(false)]
    public int Threads { get; set; }

    /// <summary>
    /// A folder written by a deep model's Save: training starts from its weights (continued training). Set in process from
    /// the run's parent version only; never read from or written to a config, since a path could reach any project's files.
    /// </summary>
    [JsonIgnore]
    public string? StartFrom { get; set; }

    /// <summary>
    /// Layers whose weights stay fixed: empty for none, <c>all-but-head</c>, or comma-separated names of the network's
    /// top-level layers (e.g. <c>features</c> or <c>lstm</c>).
    /// </summary>
    [Description("When continuing from a model: layers whose weights stay fixed. Empty for none, all-but-head, or comma-separated names of the network's top-level layers (e.g. features, lstm).")]
    public string FreezeLayers { get; set; } = "";

    /// <summary>From this epoch (1-based) on, frozen layers train too; 0 keeps them frozen to the end.</summary>
    [Description("From this epoch (1-based) on, frozen layers train too; 0 keeps them frozen to the end.")]
    [Range(0, 10_000)]
    public int UnfreezeEpoch { get; set; }
}
