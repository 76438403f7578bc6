using System.Text.Json.Serialization;

namespace Lodestone.Torch.Trainers;

/// <summary>How a deep classifier weighs its classes in the loss, to keep rare classes from being ignored.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClassWeighting>))]
public enum ClassWeighting
{
    /// <summary>Every class weighs the same per window.</summary>
    None,

    /// <summary>
    /// Inverse class frequency, as scikit-learn's "balanced": n / (k · nᶜ) per class in the cross-entropy; for multi-label,
    /// negatives / positives of each label as its positive weight.
    /// </summary>
    Balanced,

    /// <summary>The weights of <see cref="DeepClassifierOptions.ClassWeights"/>; labels it does not name weigh 1.</summary>
    Explicit,
}
