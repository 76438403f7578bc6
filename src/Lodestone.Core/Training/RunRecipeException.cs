namespace Lodestone.Training;

/// <summary>A run's recipe does not hold: every problem, each starting with the JSON path of the setting it concerns.</summary>
public sealed class RunRecipeException(IReadOnlyList<string> errors)
    : InvalidInputException(errors.Count == 1 ? $"The run's settings do not hold: {errors[0]}" : $"The run's settings do not hold ({errors.Count} problems): {string.Join("; ", errors)}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
