using Lodestone.Trainers;

namespace Lodestone.Torch;

/// <summary>A local context whose run is cancelled right after the checkpoint of a chosen epoch, as when a worker stops.</summary>
internal sealed class CancellingContext(int cancelAfterStep, TrainingCheckpoint? latest = null) : ITrainingContext
{
    private readonly CancellationTokenSource _cancellation = new();

    public LocalTrainingContext Inner { get; } = new(default) { LatestCheckpoint = latest };
    public CancellationToken CancellationToken => _cancellation.Token;
    public TrainingCheckpoint? LatestCheckpoint => Inner.LatestCheckpoint;
    public List<int> Steps { get; } = [];

    public void ReportProgress(int completed, int total) => Inner.ReportProgress(completed, total);

    public void ReportMetrics(int step, IReadOnlyDictionary<string, double> metrics)
    {
        Steps.Add(step);
        Inner.ReportMetrics(step, metrics);
    }

    public void Log(TrainingLogLevel level, string message) => Inner.Log(level, message);

    public void SaveCheckpoint(TrainingCheckpoint checkpoint)
    {
        Inner.SaveCheckpoint(checkpoint);
        if (checkpoint.Step == cancelAfterStep) _cancellation.Cancel();
    }
}
