namespace Lodestone.Training;

/// <summary>
/// What an outside client reports about a run, the same through the native API and MLflow (RUNNING, FINISHED,
/// FAILED, KILLED); <see cref="TrainingRun.ReportExternal"/> decides what the run does with it.
/// </summary>
public enum ExternalRunStatus
{
    Running,
    Finished,
    Failed,
    Killed,
}
