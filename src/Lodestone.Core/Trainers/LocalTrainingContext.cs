namespace Lodestone.Trainers;

/// <summary>A context that keeps everything in memory: for tests, benchmarks and the CLI outside the job engine.</summary>
public sealed class LocalTrainingContext(CancellationToken cancellationToken = default) : ITrainingContext
{
    private readonly Lock _gate = new();

    public CancellationToken CancellationToken { get; } = cancellationToken;
    public (int Completed, int Total) Progress { get; private set; }
    public Dictionary<(string Key, int Step), double> Metrics { get; } = [];
    public List<(TrainingLogLevel Level, string Message)> Logs { get; } = [];
    public TrainingCheckpoint? LatestCheckpoint { get; set; }

    public void ReportProgress(int completed, int total)
    {
        lock (_gate) Progress = (completed, total);
    }

    public void ReportMetrics(int step, IReadOnlyDictionary<string, double> metrics)
    {
        lock (_gate)
            foreach (var (key, value) in metrics)
                Metrics[(key, step)] = value;
    }

    public void Log(TrainingLogLevel level, string message)
    {
        lock (_gate) Logs.Add((level, message));
    }

    public void SaveCheckpoint(TrainingCheckpoint checkpoint)
    {
        lock (_gate) LatestCheckpoint = checkpoint;
    }
}
