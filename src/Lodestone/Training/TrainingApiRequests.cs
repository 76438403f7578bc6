using System.Text.Json;
using Lodestone.Trainers;
using Lodestone.Training;

namespace Lodestone.Training;

/// <summary>
/// A new run. <c>External: true</c> tracks a run trained elsewhere (it is running at once and reports through this
/// API); otherwise Lodestone queues it for a worker, which fits <c>TrainerKind</c> with <c>Config</c> on <c>DatasetIds</c>.
/// </summary>
public sealed record CreateRunRequest(
    string? Name, string? TrainerKind, JsonElement? Config, IReadOnlyList<Guid>? DatasetIds, bool External = false,
    RunHardware? Hardware = null, string? Monitor = null, MetricGoal MonitorGoal = MetricGoal.Minimize,
    Guid? ParentModelVersionId = null, string? Queue = null, IReadOnlyDictionary<string, string>? Params = null,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>One metric value; <c>Timestamp</c> (Unix ms) defaults to the time the server receives it.</summary>
public sealed record MetricPoint(string Key, long Step, double Value, long? Timestamp = null);

public sealed record LogMetricsRequest(IReadOnlyList<MetricPoint> Metrics);

/// <summary>
/// Changes an external run: its state (<c>Completed</c>, <c>Failed</c> with <c>FailureReason</c>, <c>Cancelled</c>,
/// <c>Running</c> to reopen), final metrics, progress, name or tags. For internal runs only <c>Cancelled</c> (a cancel
/// request) and the name and tags apply.
/// </summary>
public sealed record PatchRunRequest(
    TrainingRunState? State = null, string? FailureReason = null, IReadOnlyDictionary<string, double>? FinalMetrics = null,
    int? ProgressCompleted = null, int? ProgressTotal = null, string? Name = null, IReadOnlyDictionary<string, string>? Tags = null,
    IReadOnlyDictionary<string, string>? Params = null);

public sealed record LogLineRequest(TrainingLogLevel Level, string Message, DateTime? Timestamp = null);

public sealed record AppendLogsRequest(IReadOnlyList<LogLineRequest> Lines);

public sealed record LeaderboardEntry(int Rank, double Value, RunResponse Run);

/// <summary>A metric to rank by: its key, which way is better (guessed from the name), and whether it is a held-out test figure.</summary>
public sealed record LeaderboardMetric(string Key, MetricGoal Goal, bool IsTest);

/// <summary>Runs side by side: every metric's latest value, param and config value per run, keyed by run id.</summary>
public sealed record RunComparison(IReadOnlyList<RunResponse> Runs, IReadOnlyList<string> MetricKeys, IReadOnlyList<string> ParamKeys);

/// <summary>
/// What to suggest settings for: a trainer kind on datasets of the project; <c>LabelChannel</c> names a numeric channel
/// holding ground truth (≥ 0.5 is an anomaly), <c>Sensor</c> keeps only one sensor's rows.
/// </summary>
public sealed record SuggestRunSettingsRequest(string? TrainerKind, IReadOnlyList<Guid>? DatasetIds, string? LabelChannel = null, string? Sensor = null);

/// <summary>
/// A suggested run config (post it as a run's <c>config</c>, edited or not), what it was derived from, and a name for
/// the model the run would start, unique in the project (set it as config <c>modelName</c> to use it; a run continuing
/// from a version keeps that version's model unless it does).
/// </summary>
public sealed record RunSettingsSuggestionResponse(JsonElement Config, IReadOnlyList<string> Notes, string? ModelName = null);
