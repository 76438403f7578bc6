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
    // Rows of their own (RunParams, RunTags), written by RunRecordStore with SQL and loaded with the run.
    private readonly List<RunParam> _params = [];
    private readonly List<RunTag> _tags = [];
    /// <summary>Hyperparameters reported as strings (MLflow's params); write-once per key like MLflow.</summary>
    public IReadOnlyCollection<RunParam> ParamRows => _params;
    public IReadOnlyCollection<RunTag> TagRows => _tags;
    public IReadOnlyDictionary<string, string> Params => _params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    public IReadOnlyDictionary<string, string> Tags => _tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

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

    /// <summary>
    /// A worker asks for the run: it takes a queued run, and one whose worker's heartbeat went stale (interrupted,
    /// then queued again); any other run is not its to train.
    /// </summary>
    public RunClaim TryClaim(string worker, RunHardware hardware, DateTime now, TimeSpan staleAfter)
    {
        if (IsExternal) return RunClaim.NotClaimable;
        if (IsStale(now, staleAfter)) Interrupt(now);
        if (State == TrainingRunState.Interrupted) Requeue();
        if (State != TrainingRunState.Queued) return RunClaim.NotClaimable;
        Prepare(worker, hardware, now);
        return RunClaim.Claimed;
    }

    /// <summary>Whether the run is held by a worker of ours whose heartbeat went stale (it died or hung).</summary>
    public bool IsStale(DateTime now, TimeSpan staleAfter) =>
        !IsExternal && State is TrainingRunState.Preparing or TrainingRunState.Running && (HeartbeatAt is null || now - HeartbeatAt > staleAfter);

    /// <summary>True while the worker's attempt <paramref name="attempt"/> still holds the run (not taken over, not ended).</summary>
    public bool IsHeldBy(int attempt) => Attempt == attempt && State is TrainingRunState.Preparing or TrainingRunState.Running;

    /// <summary>
    /// A client reports the run's status (native PATCH or MLflow's runs/update, mapped to one <see cref="ExternalRunStatus"/>).
    /// Killing stops any run that has not ended. Other reports apply to external runs only: an ended run reported
    /// running, finished or failed is reopened and moved (MLflow's <c>start_run(run_id=…)</c> then <c>end_run</c>); a
    /// report of the state it is in changes nothing. <paramref name="at"/> is when it happened (the client's end time).
    /// </summary>
    public RunReportOutcome ReportExternal(ExternalRunStatus status, DateTime at, IReadOnlyDictionary<string, double>? finalMetrics = null,
        string? failureReason = null)
    {
        if (status == ExternalRunStatus.Killed)
        {
            if (IsFinal) return RunReportOutcome.Unchanged;
            RequestCancel(at);
            return State == TrainingRunState.Cancelled ? RunReportOutcome.Moved : RunReportOutcome.CancelRequested;
        }
        if (!IsExternal) throw new InvalidInputException("Lodestone moves its own runs; you can only cancel or resume them.");
        switch (status)
        {
            case ExternalRunStatus.Running:
                if (State == TrainingRunState.Running) return RunReportOutcome.Unchanged;
                Reopen(at);
                return RunReportOutcome.Moved;
            case ExternalRunStatus.Finished:
                if (State == TrainingRunState.Completed) return RunReportOutcome.Unchanged;
                Reopen(at);
                Complete(finalMetrics ?? new Dictionary<string, double>(), at);
                return RunReportOutcome.Moved;
            default:
                if (State == TrainingRunState.Failed) return RunReportOutcome.Unchanged;
                Reopen(at);
                Fail(string.IsNullOrWhiteSpace(failureReason) ? "The client reported the run failed." : failureReason, at);
                return RunReportOutcome.Moved;
        }
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

    /// <summary>The params and tags a run starts with, before it is first saved; later ones go through RunRecordStore.</summary>
    internal void AddInitialRecords(IReadOnlyDictionary<string, string>? parameters, IReadOnlyDictionary<string, string>? tags)
    {
        foreach (var (key, value) in parameters ?? new Dictionary<string, string>()) _params.Add(new RunParam(Id, key, value));
        foreach (var (key, value) in tags ?? new Dictionary<string, string>()) _tags.Add(new RunTag(Id, key, value));
    }

    public void Delete(DateTime now) => DeletedAt ??= now;

    public void Restore() => DeletedAt = null;

    private void Require(string transition, params TrainingRunState[] allowed)
    {
        if (Array.IndexOf(allowed, State) < 0) throw new InvalidRunTransitionException(State, transition);
    }
}
