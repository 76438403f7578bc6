namespace Lodestone.Trainers;

/// <summary>
/// A classifier that may predict several labels per window: it chooses every label whose probability reaches
/// <see cref="Threshold"/>. Evaluation judges its decisions at that threshold, as its predictions make them.
/// </summary>
public interface IMultiLabelModel
{
    /// <summary>The probability from which the model predicts a label (multi-label models only).</summary>
    double Threshold { get; }
}
