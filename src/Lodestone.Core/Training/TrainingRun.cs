namespace Lodestone.Training;

/// <summary>
/// One training job run by Lodestone (internal) or one run tracked through the API by an outside trainer (external).
/// The run owns its state machine: every change of <see cref="State"/> goes through a method here, and a change the
/// machine does not allow throws <see cref="InvalidRunTransitionException"/>. Metrics, logs and files live beside it
/// (<see cref="Metric"/>, <see cref="RunLogLine"/>, <see cref="RunFiles"/>).
/// </summary>
public sealed class TrainingRun
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    public string Name { get; private set; }
    /// <summary>The trainer that fits this run (<c>isolation-forest</c>, <c>lstm</c>…); for external runs whatever they call themselves.</summary>
    public string TrainerKind { get; private set; }
    /// <summary>The hyperparameters as a JSON object: the trainer's options.</summary>
    public string Config { get; private set; }
    public List<Guid> DatasetIds { get; private set; } = [];
    /// <summary>The model version this run continues from (fine-tuning, retraining), if any.</summary>
    public Guid? ParentModelVersionId { get; private set; }
    public Guid OwnerId { get; private set; }
    /// <summary>True for runs whose training happens outside Lodestone and reports through the tracking API.</summary>
    public bool IsExternal { get; private set; }
    /// <summary>The job queue an internal run waits in (<c>default</c>, <c>heavy</c>…).</summary>
    public string Queue { get; private set; }
    public RunHardware Hardware { get; private set; } = new();
    /// <summary>Hyperparameters reported as strings (MLflow's params); write-once per key like MLflow.</summary>
    public Dictionary<string, string> Params { get; private set; } = [];
    public Dictionary<string, string> Tags { get; private set; } = [];

    public TrainingRunState State { get; private set; }
    public string? FailureReason { get; private set; }
    public DateTime? CancelRequestedAt { get; private set; }
    /// <summary>How many times a worker took this run (1 on a clean run; more after interruptions).</summary>
    public int Attempt { get; private set; }
    public string? Worker { get; private set; }
    /// <summary>Refreshed by the worker while it trains; a stale heartbeat means the worker died.</summary>
    public DateTime? HeartbeatAt { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    /// <summary>When the current attempt began running; the ETA is measured from it.</summary>
    public DateTime? AttemptStartedAt { get; private set; }

    public int ProgressCompleted { get; private set; }
    public int ProgressTotal { get; private set; }
    public DateTime? EstimatedFinishAt { get; private set; }
    /// <summary>Progress when the current attempt began; the ETA counts only what this attempt did.</summary>
    public int ProgressAtAttemptStart { get; private set; }

    /// <summary>The metric that decides the best step (from config <c>monitor</c>, e.g. <c>val_loss</c>), and its direction.</summary>
    public string? MonitorMetric { get; private set; }
    public MetricGoal MonitorGoal { get; private set; }
    public long? BestStep { get; private set; }
    public double? BestValue { get; private set; }
    public Dictionary<string, double> FinalMetrics { get; private set; } = [];
    /// <summary>The step of the newest durable checkpoint, which a resumed attempt continues from.</summary>
    public int? CheckpointStep { get; private set; }
    public DateTime? DeletedAt { get; private set; }

    private TrainingRun(Guid projectId, string name, string trainerKind, string config, Guid ownerId, string queue)
    {
        ProjectId = projectId;
        Name = name;
        TrainerKind = trainerKind;
        Config = config;
        OwnerId = ownerId;
        Queue = queue;
    }

    /// <summary>A run Lodestone trains: it waits in <paramref name="queue"/> until a worker takes it.</summary>
    public static TrainingRun CreateInternal(Guid projectId, string name, string trainerKind, string config,
        IEnumerable<Guid> datasetIds, Guid ownerId, DateTime now, Guid? parentModelVersionId = null, string queue = "default") =>
        new(projectId, name, trainerKind, config, ownerId, queue)
        {
            DatasetIds = [.. datasetIds],
            ParentModelVersionId = parentModelVersionId,
            State = TrainingRunState.Queued,
            CreatedAt = now,
        };

    /// <summary>A run trained elsewhere and tracked through the API; it is running from the moment it is created.</summary>
    public static TrainingRun CreateExternal(Guid projectId, string name, string trainerKind, string config, RunHardware hardware,
        IEnumerable<Guid> datasetIds, Guid ownerId, DateTime now, Guid? parentModelVersionId = null) =>
        new(projectId, name, trainerKind, config, ownerId, "")
        {
            IsExternal = true,
            Hardware = hardware,
            DatasetIds = [.. datasetIds],
            ParentModelVersionId = parentModelVersionId,
            State = TrainingRunState.Running,
            CreatedAt = now,
            StartedAt = now,
            AttemptStartedAt = now,
            Attempt = 1,
        };

    public bool IsFinal => State is TrainingRunState.Completed or TrainingRunState.Failed or TrainingRunState.Cancelled;
    public bool IsActive => State is TrainingRunState.Queued or TrainingRunState.Preparing or TrainingRunState.Running;
    public bool IsCancelRequested => CancelRequestedAt is not null;
    public bool IsDeleted => DeletedAt is not null;

    /// <summary>Time spent from the first start to the end (or to <paramref name="now"/> while it runs).</summary>
    public TimeSpan? Duration(DateTime now) => StartedAt is null ? null : (FinishedAt ?? now) - StartedAt.Value;

    public void Rename(string name) => Name = name;

    public void Monitor(string metric, MetricGoal goal)
    {
        MonitorMetric = metric;
        MonitorGoal = goal;
    }

    /// <summary>A worker took the run: Queued → Preparing (loading data, checking it).</summary>
    public void Prepare(string worker, RunHardware hardware, DateTime now)
    {
        Require("be prepared", TrainingRunState.Queued);
        State = TrainingRunState.Preparing;
        Worker = worker;
        Hardware = hardware;
        Attempt++;
        HeartbeatAt = now;
    }

    /// <summary>The data is ready and the trainer starts: Preparing → Running.</summary>
    public void Start(DateTime now)
    {
        Require("start", TrainingRunState.Preparing);
        State = TrainingRunState.Running;
        StartedAt ??= now;
        AttemptStartedAt = now;
        ProgressAtAttemptStart = ProgressCompleted;
        EstimatedFinishAt = null;
        HeartbeatAt = now;
    }

    /// <summary>Records progress and estimates the finish from the pace of the current attempt.</summary>
    public void ReportProgress(int completed, int total, DateTime now)
    {
        Require("report progress", TrainingRunState.Preparing, TrainingRunState.Running);
        ProgressCompleted = Math.Clamp(completed, 0, Math.Max(total, 0));
        ProgressTotal = Math.Max(total, 0);
        HeartbeatAt = now;
        var done = ProgressCompleted - ProgressAtAttemptStart;
        EstimatedFinishAt = done > 0 && AttemptStartedAt is { } since && ProgressTotal > ProgressCompleted
            ? now + (now - since) / done * (ProgressTotal - ProgressCompleted)
            : ProgressTotal > 0 && ProgressCompleted == ProgressTotal ? now : null;
    }

    public void Beat(DateTime now) => HeartbeatAt = now;

    /// <summary>Keeps the best value of the monitored metric; returns true when <paramref name="value"/> is a new best.</summary>
    public bool ObserveMonitored(long step, double value)
    {
        if (double.IsNaN(value)) return false;
        var better = BestValue is not { } best || (MonitorGoal == MetricGoal.Minimize ? value < best : value > best);
        if (!better) return false;
        BestStep = step;
        BestValue = value;
        return true;
    }

    public void RecordCheckpoint(int step) => CheckpointStep = step;

    public void Complete(IReadOnlyDictionary<string, double> finalMetrics, DateTime now)
    {
        Require("complete", TrainingRunState.Running);
        State = TrainingRunState.Completed;
        FinalMetrics = new Dictionary<string, double>(finalMetrics);
        if (ProgressTotal > 0) ProgressCompleted = ProgressTotal;
        EstimatedFinishAt = null;
        FinishedAt = now;
    }

    public void Fail(string reason, DateTime now)
    {
        Require("fail", TrainingRunState.Queued, TrainingRunState.Preparing, TrainingRunState.Running,
            TrainingRunState.Interrupted);
        State = TrainingRunState.Failed;
        FailureReason = reason.Length > 4000 ? reason[..4000] : reason;
        EstimatedFinishAt = null;
        FinishedAt = now;
    }

    /// <summary>
    /// Asks the run to stop. A run that no worker holds (queued, interrupted) and an external run stop at once; a run a
    /// worker is training is marked, and the worker stops it at its next batch or epoch boundary.
    /// </summary>
    public void RequestCancel(DateTime now)
    {
        Require("be cancelled", TrainingRunState.Queued, TrainingRunState.Preparing,
            TrainingRunState.Running, TrainingRunState.Interrupted);
        if (IsExternal || State is TrainingRunState.Queued or TrainingRunState.Interrupted) Cancel(now);
        else CancelRequestedAt ??= now;
    }

    /// <summary>The worker stopped the run after a cancellation request.</summary>
    public void Cancel(DateTime now)
    {
        Require("be cancelled", TrainingRunState.Queued, TrainingRunState.Preparing,
            TrainingRunState.Running, TrainingRunState.Interrupted);
        State = TrainingRunState.Cancelled;
        CancelRequestedAt ??= now;
        EstimatedFinishAt = null;
        FinishedAt = now;
    }

    /// <summary>The process training the run died or stopped: Preparing/Running → Interrupted.</summary>
    public void Interrupt(DateTime now)
    {
        Require("be interrupted", TrainingRunState.Preparing, TrainingRunState.Running);
        State = TrainingRunState.Interrupted;
        EstimatedFinishAt = null;
        HeartbeatAt = now;
    }

    /// <summary>Recovery: an interrupted run waits for a worker again and continues from its checkpoint.</summary>
    public void Requeue()
    {
        Require("be queued again", TrainingRunState.Interrupted);
        State = TrainingRunState.Queued;
        Worker = null;
    }

    /// <summary>A person resumes a failed or cancelled internal run: it is queued and continues from its last checkpoint.</summary>
    public void Resume()
    {
        if (IsExternal) throw new InvalidRunTransitionException(State, "be resumed by Lodestone (it is trained elsewhere)");
        Require("be resumed", TrainingRunState.Failed, TrainingRunState.Cancelled, TrainingRunState.Interrupted);
        State = TrainingRunState.Queued;
        FailureReason = null;
        CancelRequestedAt = null;
        FinishedAt = null;
        Worker = null;
    }

    /// <summary>An external trainer reports that it runs again (MLflow's <c>start_run(run_id=…)</c> on an ended run).</summary>
    public void Reopen(DateTime now)
    {
        if (!IsExternal) throw new InvalidRunTransitionException(State, "be reopened (only external runs can)");
        if (State == TrainingRunState.Running) return;
        State = TrainingRunState.Running;
        FailureReason = null;
        CancelRequestedAt = null;
        FinishedAt = null;
        AttemptStartedAt = now;
        Attempt++;
    }

    /// <summary>Sets a param; like MLflow, a param keeps its first value, and a different one is an error.</summary>
    public void SetParam(string key, string value)
    {
        if (Params.TryGetValue(key, out var existing) && existing != value)
            throw new InvalidInputException($"The param '{key}' was already logged with value '{existing}'; params cannot change.");
        Params[key] = value;
    }

    public void SetTag(string key, string value) => Tags[key] = value;

    public bool RemoveTag(string key) => Tags.Remove(key);

    public void Delete(DateTime now) => DeletedAt ??= now;

    public void Restore() => DeletedAt = null;

    private void Require(string transition, params TrainingRunState[] allowed)
    {
        if (Array.IndexOf(allowed, State) < 0) throw new InvalidRunTransitionException(State, transition);
    }
}
