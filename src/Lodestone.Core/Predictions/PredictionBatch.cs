using Lodestone.Trainers;

namespace Lodestone.Predictions;

/// <summary>
/// One model version predicting over one dataset, as a job with progress. The per-window results live in the sample
/// store (<see cref="PredictionStore"/>); this row holds only their summary. The batch owns its state machine: every
/// change of <see cref="State"/> goes through a method here (the state is the concurrency token, so a cancel and a
/// worker's progress write cannot both win), and a change the machine does not allow throws.
/// </summary>
public sealed class PredictionBatch
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    public Guid ModelVersionId { get; private set; }
    /// <summary>The version as people name it (<c>{ModelName} v{VersionNumber}</c>), kept so that lists need no join.</summary>
    public string ModelName { get; private set; }
    public int VersionNumber { get; private set; }
    public TrainingTask Task { get; private set; }
    public Guid DatasetId { get; private set; }
    /// <summary>The run whose completion started this batch (a detector scoring its training data), if one did.</summary>
    public Guid? SourceRunId { get; private set; }
    public Guid? CreatedBy { get; private set; }
    public PredictionBatchState State { get; private set; }
    public int ProgressCompleted { get; private set; }
    public int ProgressTotal { get; private set; }
    /// <summary>How many times a worker took the batch (more than 1 after an interruption).</summary>
    public int Attempt { get; private set; }
    public DateTime? HeartbeatAt { get; private set; }
    public long WindowCount { get; private set; }
    public long? FlaggedCount { get; private set; }
    public Dictionary<string, long> LabelCounts { get; private set; } = [];
    public double? ScoreMin { get; private set; }
    public double? ScoreMax { get; private set; }
    public double? ScoreMean { get; private set; }
    public double? Threshold { get; private set; }
    public string? Error { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }

    public const int MaxError = 2000;

    private PredictionBatch(Guid projectId, string modelName) 
    {
        ProjectId = projectId;
        ModelName = modelName;
    }

    public static PredictionBatch Create(Guid projectId, Guid modelVersionId, string modelName, int versionNumber, TrainingTask task,
        Guid datasetId, Guid? createdBy, DateTime now, Guid? sourceRunId = null) =>
        new(projectId, modelName)
        {
            ModelVersionId = modelVersionId,
            VersionNumber = versionNumber,
            Task = task,
            DatasetId = datasetId,
            CreatedBy = createdBy,
            SourceRunId = sourceRunId,
            State = PredictionBatchState.Queued,
            CreatedAt = now,
        };

    public bool IsFinal => State is PredictionBatchState.Completed or PredictionBatchState.Failed or PredictionBatchState.Cancelled;
    public bool IsDetector => Task == TrainingTask.AnomalyDetection;

    /// <summary>
    /// Takes the batch for a worker: a queued one, or a running one whose worker stopped beating for
    /// <paramref name="staleAfter"/> (it died). False when the batch is not for taking (ended, or alive elsewhere).
    /// </summary>
    public bool TryClaim(DateTime now, TimeSpan staleAfter)
    {
        if (State == PredictionBatchState.Queued || (State == PredictionBatchState.Running && IsStale(now, staleAfter)))
        {
            State = PredictionBatchState.Running;
            Attempt++;
            StartedAt ??= now;
            HeartbeatAt = now;
            ProgressCompleted = 0;
            return true;
        }
        return false;
    }

    public bool IsStale(DateTime now, TimeSpan staleAfter) => HeartbeatAt is null || HeartbeatAt < now - staleAfter;

    /// <summary>Whether attempt <paramref name="attempt"/> still holds the batch (nobody cancelled it or took it over).</summary>
    public bool IsHeldBy(int attempt) => State == PredictionBatchState.Running && Attempt == attempt;

    public void ReportProgress(int completed, int total, DateTime now)
    {
        Require(PredictionBatchState.Running, "report progress");
        ProgressCompleted = Math.Clamp(completed, 0, Math.Max(0, total));
        ProgressTotal = Math.Max(0, total);
        HeartbeatAt = now;
    }

    public void Complete(PredictionSummary summary, DateTime now)
    {
        Require(PredictionBatchState.Running, "complete");
        State = PredictionBatchState.Completed;
        WindowCount = summary.Windows;
        FlaggedCount = summary.Flagged;
        LabelCounts = new Dictionary<string, long>(summary.LabelCounts);
        ScoreMin = Finite(summary.ScoreMin);
        ScoreMax = Finite(summary.ScoreMax);
        ScoreMean = Finite(summary.ScoreMean);
        Threshold = Finite(summary.Threshold);
        ProgressCompleted = ProgressTotal = (int)Math.Min(int.MaxValue, summary.Windows);
        FinishedAt = now;
    }

    public void Fail(string reason, DateTime now)
    {
        if (IsFinal) throw new InvalidBatchTransitionException($"A {State} batch cannot fail.");
        State = PredictionBatchState.Failed;
        Error = reason.Length > MaxError ? reason[..MaxError] : reason;
        FinishedAt = now;
    }

    /// <summary>Stops a queued or running batch; the worker sees it at its next chunk and leaves no file behind.</summary>
    public void Cancel(DateTime now)
    {
        if (IsFinal) throw new InvalidBatchTransitionException($"A {State} batch cannot be cancelled.");
        State = PredictionBatchState.Cancelled;
        FinishedAt = now;
    }

    /// <summary>A running batch whose process died goes back to the queue; it starts again from its first window.</summary>
    public void Requeue()
    {
        Require(PredictionBatchState.Running, "be queued again");
        State = PredictionBatchState.Queued;
        ProgressCompleted = 0;
    }

    private void Require(PredictionBatchState state, string what)
    {
        if (State != state) throw new InvalidBatchTransitionException($"A {State} batch cannot {what}.");
    }

    // JSON and PostgreSQL hold NaN, but a summary of NaN says nothing: an empty batch has no score range.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
