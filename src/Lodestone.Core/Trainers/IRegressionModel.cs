namespace Lodestone.Trainers;

/// <summary>
/// A model that predicts a number per window (<see cref="Prediction.Score"/>) and knows what each prediction is to be
/// judged against, since a regressor's truth is a value of the data itself (the next reading, a reference), not a label.
/// </summary>
public interface IRegressionModel : ITrainedModel
{
    /// <summary>The true value of each window's prediction, in order; NaN where the data hold none.</summary>
    IReadOnlyList<double> Actual(WindowSet data);
}
