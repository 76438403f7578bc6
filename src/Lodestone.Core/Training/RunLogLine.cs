using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>One line of a run's log, in the order it was written (<see cref="Id"/> grows).</summary>
public sealed class RunLogLine
{
    public long Id { get; private set; }
    public Guid RunId { get; private set; }
    public DateTime Timestamp { get; private set; }
    public TrainingLogLevel Level { get; private set; }
    public string Message { get; private set; }

    public RunLogLine(Guid runId, DateTime timestamp, TrainingLogLevel level, string message)
    {
        RunId = runId;
        Timestamp = timestamp;
        Level = level;
        Message = message.Length > MaxLength ? message[..MaxLength] : message;
    }

    public const int MaxLength = 8000;
}
