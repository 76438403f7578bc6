using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// Something that happened to a run, for live views: a state change, progress, metrics, or log lines. Small enough to
/// cross processes (PostgreSQL NOTIFY); views that need more reload the run.
/// </summary>
public sealed record RunEvent(Guid RunId, Guid ProjectId, RunEventKind Kind)
{
    public TrainingRunState? State { get; init; }
    public int? Completed { get; init; }
    public int? Total { get; init; }
    public IReadOnlyList<MetricValue>? Metrics { get; init; }
    public IReadOnlyList<RunLogEntry>? Logs { get; init; }
}

public enum RunEventKind
{
    StateChanged,
    Progress,
    Metrics,
    Logs,
    /// <summary>Someone asked a running run to stop; the worker holding it stops at its next boundary.</summary>
    CancelRequested,
}

/// <summary>A log line as views show it.</summary>
public sealed record RunLogEntry(long Id, DateTime Timestamp, TrainingLogLevel Level, string Message);
