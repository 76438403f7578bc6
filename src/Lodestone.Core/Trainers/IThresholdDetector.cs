namespace Lodestone.Trainers;

/// <summary>
/// A detector that flags a window when its score is above one threshold, which reports and plots then show as the
/// model's own (rather than one guessed from its decisions on the windows at hand).
/// </summary>
public interface IThresholdDetector : ITrainedModel
{
    double Threshold { get; }
}
