namespace Lodestone.Training;

/// <summary>
/// The one mapping between the states clients speak of and <see cref="ExternalRunStatus"/>: the native API's
/// <see cref="TrainingRunState"/> names and MLflow's RunStatus names mean the same report.
/// </summary>
public static class ExternalRunStatusMapping
{
    /// <summary>A state the native API's PATCH sets; null for states a client cannot report.</summary>
    public static ExternalRunStatus? FromState(TrainingRunState state) => state switch
    {
        TrainingRunState.Running => ExternalRunStatus.Running,
        TrainingRunState.Completed => ExternalRunStatus.Finished,
        TrainingRunState.Failed => ExternalRunStatus.Failed,
        TrainingRunState.Cancelled => ExternalRunStatus.Killed,
        _ => null,
    };

    /// <summary>MLflow's RunStatus as runs/update sends it; null for SCHEDULED and unknown names.</summary>
    public static ExternalRunStatus? FromMlflow(string status) => status switch
    {
        "RUNNING" => ExternalRunStatus.Running,
        "FINISHED" => ExternalRunStatus.Finished,
        "FAILED" => ExternalRunStatus.Failed,
        "KILLED" => ExternalRunStatus.Killed,
        _ => null,
    };

    /// <summary>A run's state as MLflow shows it: waiting and interrupted runs are SCHEDULED.</summary>
    public static string ToMlflow(TrainingRunState state) => state switch
    {
        TrainingRunState.Running => "RUNNING",
        TrainingRunState.Completed => "FINISHED",
        TrainingRunState.Failed => "FAILED",
        TrainingRunState.Cancelled => "KILLED",
        _ => "SCHEDULED",
    };
}
