namespace Lodestone.Training;

/// <summary>Why a run was interrupted, in the words its log gives to whoever opens the run's page.</summary>
public static class RunInterruption
{
    public static string ServerRestarted(TrainingRun run) =>
        $"Interrupted: the server restarted while attempt {run.Attempt} was training on {WorkerOf(run)}; queued again to continue from its last checkpoint.";

    public static string HeartbeatStale(TrainingRun run, TimeSpan staleAfter) =>
        $"Interrupted: no heartbeat from {WorkerOf(run)} since {run.HeartbeatAt:HH:mm:ss} UTC (more than {staleAfter.TotalSeconds:0} s; "
        + "the worker died or hung); queued again to continue from its last checkpoint.";

    private static string WorkerOf(TrainingRun run) => run.Worker is { Length: > 0 } w ? w : "its worker";
}
