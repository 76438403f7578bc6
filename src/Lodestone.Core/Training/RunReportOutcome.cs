namespace Lodestone.Training;

/// <summary>What a report from a client did to a run.</summary>
public enum RunReportOutcome
{
    /// <summary>The run already was where the report puts it (a client ending a run twice).</summary>
    Unchanged,
    /// <summary>The run moved to the reported state.</summary>
    Moved,
    /// <summary>A worker trains the run: it is asked to stop and stops at its next batch or epoch.</summary>
    CancelRequested,
}
