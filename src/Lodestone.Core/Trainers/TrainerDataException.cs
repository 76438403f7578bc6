namespace Lodestone.Trainers;

/// <summary>Thrown by a fit whose data fail the trainer's check; the message lists every problem found, not just the first.</summary>
public sealed class TrainerDataException(string kind, IReadOnlyList<string> problems)
    : Exception($"The data do not suit {kind}: {string.Join("; ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
