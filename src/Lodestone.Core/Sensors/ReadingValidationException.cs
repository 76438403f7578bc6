namespace Lodestone.Sensors;

/// <summary>A reading that was refused: which one in the batch (0-based), which field, and why. Nothing of the batch was stored.</summary>
public sealed class ReadingValidationException(int index, string field, string problem)
    : Exception($"Reading {index}, {field}: {problem}")
{
    public int Index { get; } = index;
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}
