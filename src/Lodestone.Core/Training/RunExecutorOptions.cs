namespace Lodestone.Training;

/// <summary>How workers hold runs. Bound from <c>Lodestone:Jobs</c>.</summary>
public sealed class RunExecutorOptions
{
    public const string Section = "Lodestone:Jobs";

    /// <summary>How often a training worker writes progress and logs, refreshes its heartbeat and looks for a cancel request.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A run whose worker has not beaten for this long is taken to be abandoned (its process died) and is requeued.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);
}
