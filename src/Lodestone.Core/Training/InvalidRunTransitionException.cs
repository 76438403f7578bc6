namespace Lodestone.Training;

/// <summary>A state change the run's state machine does not allow, e.g. completing a cancelled run.</summary>
public sealed class InvalidRunTransitionException(TrainingRunState from, string transition)
    : InvalidInputException($"A {from.ToString().ToLowerInvariant()} run cannot {transition}.")
{
    public TrainingRunState From { get; } = from;
}
