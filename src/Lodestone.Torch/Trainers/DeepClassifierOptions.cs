using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// Options of the deep classifiers (<c>cnn</c>, <c>lstm</c>, <c>gru</c>, <c>transformer</c>). Whether a model is
/// single- or multi-label is not an option: it follows the data (multi-label when some window carries several labels),
/// as for LightGBM, and a model continued from a multi-label one stays multi-label.
/// </summary>
public sealed class DeepClassifierOptions : DeepTrainerOptions
{
    /// <summary>Attention heads of the Transformer encoder; the hidden size must be a multiple of it.</summary>
    [Description("Attention heads of the Transformer encoder; the hidden size must be a multiple of it. Other kinds ignore it.")]
    [Range(1, 64)]
    public int Heads { get; set; } = 4;

    /// <summary>How classes are weighted in the loss: <c>none</c>, <c>balanced</c> (inverse frequency) or <c>explicit</c>.</summary>
    [Description("How classes weigh in the loss: None, Balanced (inverse frequency, for imbalanced labels) or Explicit (the class weights below).")]
    public ClassWeighting ClassWeighting { get; set; } = ClassWeighting.None;

    /// <summary>Weight per label when <see cref="ClassWeighting"/> is <c>explicit</c> (the positive weight for multi-label).</summary>
    [Description("Weight per label when class weighting is Explicit (the positive weight for multi-label models).")]
    public Dictionary<string, double> ClassWeights { get; set; } = [];

    /// <summary>Multi-label models predict every label whose probability is at least this.</summary>
    [Description("Multi-label models predict every label whose probability is at least this.")]
    [Range(0, 1, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double MultiLabelThreshold { get; set; } = 0.5;
}
