using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Projects;
using Microsoft.AspNetCore.Authorization;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Mlflow;

/// <summary>MLflow's run endpoints over Lodestone's runs: an MLflow run is an external run of the experiment's project.</summary>
internal static class MlflowRuns
{
    public const int MaxMetrics = 1000, MaxParams = 100, MaxTags = 100;
    public const int MaxParamValue = 6000, MaxTagValue = 8000, MaxKey = 250;
    public const string RunNameTag = "mlflow.runName", UserTag = "mlflow.user", SourceTag = "mlflow.source.name";

    public static async Task<IResult> Create(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<CreateRunBody>(request);
        var project = await MlflowExperiments.ResolveActiveAsync(body.ExperimentId ?? MlflowExperiments.DefaultId, user, projects, authorization, ProjectRole.Editor, ct);
        var given = body.Tags ?? [];
        CheckTags(given);
        var name = body.RunName ?? given.FirstOrDefault(t => t.Key == RunNameTag)?.Value;
        var tags = TagsByKey(given);
        tags.TryAdd(UserTag, body.UserId ?? user.Identity?.Name ?? "");
        // The client's start time is the run's: a script that logs offline and replays keeps its own clock.
        var run = await training.CreateExternalAsync(new NewRun(project.Id, user.UserId(), name, "mlflow", null, []), null, ct,
            tags: tags, startedAt: body.StartTime is { } start ? TimeOf(start) : null);
        await metrics.LogRecordsAsync(run.Id, run.ProjectId, RunRecords.OfTags([new(RunNameTag, run.Name)]), ct);
        return MlflowJson.Ok(new { run = Of((await FindAsync(run.Id.ToString(), user, projects, authorization, training, ProjectRole.Viewer, ct)), []) });
    }

    public static async Task<IResult> Get(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, Models.LoggedModelStore loggedModels, CancellationToken ct)
    {
        var run = await FindAsync(request.Query["run_id"].FirstOrDefault() ?? request.Query["run_uuid"].FirstOrDefault(), user, projects, authorization, training, ProjectRole.Viewer, ct);
        var latest = await metrics.LatestAsync([run.Id], ct);
        var shaped = Of(run, latest.GetValueOrDefault(run.Id)?.Values.AsEnumerable() ?? []);
        // MLflow 3 clients find a run's logged models (register_model("runs:/…")) through its outputs.
        var outputs = (await loggedModels.OfRunAsync(run.Id, ct)).Select(m => new { model_id = m.Id, step = 0L }).ToList();
        return MlflowJson.Ok(new { run = new { info = shaped.Info, data = shaped.Data, inputs = shaped.Inputs, outputs = new { model_outputs = outputs } } });
    }

    public static async Task<IResult> Update(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<UpdateRunBody>(request);
        var run = await FindAsync(body.RunId ?? body.RunUuid, user, projects, authorization, training, ProjectRole.Editor, ct);
        var report = string.IsNullOrEmpty(body.Status) ? (ExternalRunStatus?)null
            : ExternalRunStatusMapping.FromMlflow(body.Status) ?? throw MlflowException.InvalidParameter(body.Status == "SCHEDULED"
                ? "An MLflow client cannot schedule a run here." : $"Unknown run status '{body.Status}'.");
        var final = report == ExternalRunStatus.Finished ? await FinalMetricsAsync(metrics, run.Id, ct) : [];
        var name = string.IsNullOrWhiteSpace(body.RunName) ? null : body.RunName.Trim();
        if (name is not null) await metrics.LogRecordsAsync(run.Id, run.ProjectId, RunRecords.OfTags([new(RunNameTag, name)]), ct);
        var changed = (await training.ChangeAsync(run.Id, (r, now) =>
        {
            if (name is not null) r.Rename(name);
            if (report is { } status) r.ReportExternal(status, body.EndTime is { } end ? TimeOf(end) : now, final);
        }, ct))!;
        return MlflowJson.Ok(new { run_info = Of(changed, []).Info });
    }

    public static async Task<IResult> Delete(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<RunIdBody>(request);
        var run = await FindAsync(body.RunId ?? body.RunUuid, user, projects, authorization, training, ProjectRole.Editor, ct);
        await training.ChangeAsync(run.Id, (r, now) => r.Delete(now), ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> Restore(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<RunIdBody>(request);
        var run = await FindAsync(body.RunId ?? body.RunUuid, user, projects, authorization, training, ProjectRole.Editor, ct, includeDeleted: true);
        await training.ChangeAsync(run.Id, (r, _) => r.Restore(), ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> LogMetric(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, TimeProvider clock, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<LogMetricBody>(request);
        var batch = new LogBatchBody(body.RunId ?? body.RunUuid, [new MetricBody(body.Key, body.Value, body.Timestamp, body.Step)], null, null);
        await LogAsync(batch, user, projects, authorization, training, metrics, clock, ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> LogParameter(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, TimeProvider clock, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<KeyValueBody>(request);
        await LogAsync(new LogBatchBody(body.RunId ?? body.RunUuid, null, [new MlflowTag(body.Key ?? "", body.Value ?? "")], null),
            user, projects, authorization, training, metrics, clock, ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> SetTag(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, TimeProvider clock, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<KeyValueBody>(request);
        await LogAsync(new LogBatchBody(body.RunId ?? body.RunUuid, null, null, [new MlflowTag(body.Key ?? "", body.Value ?? "")]),
            user, projects, authorization, training, metrics, clock, ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> DeleteTag(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<KeyValueBody>(request);
        var run = await FindAsync(body.RunId ?? body.RunUuid, user, projects, authorization, training, ProjectRole.Editor, ct);
        if (!run.Tags.ContainsKey(body.Key ?? "")) throw MlflowException.NotFound($"No tag '{body.Key}' on run '{run.Id:N}'.");
        await metrics.LogRecordsAsync(run.Id, run.ProjectId, new RunRecords([], [], [], [body.Key!]), ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> LogBatch(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, TimeProvider clock, CancellationToken ct)
    {
        await LogAsync(await MlflowJson.ReadAsync<LogBatchBody>(request), user, projects, authorization, training, metrics, clock, ct);
        return MlflowJson.Empty();
    }

    /// <summary>Every log call is a batch: log-metric, log-parameter and set-tag delegate here.</summary>
    private static async Task LogAsync(LogBatchBody body, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore store, TimeProvider clock, CancellationToken ct)
    {
        var metrics = body.Metrics ?? [];
        var parameters = body.Params ?? [];
        var tags = body.Tags ?? [];
        if (metrics.Count > MaxMetrics || parameters.Count > MaxParams || tags.Count > MaxTags)
            throw MlflowException.InvalidParameter(
                $"A batch logs at most {MaxMetrics} metrics, {MaxParams} params and {MaxTags} tags; got {metrics.Count}, {parameters.Count} and {tags.Count}.");
        foreach (var m in metrics)
        {
            if (string.IsNullOrEmpty(m.Key) || m.Key.Length > MaxKey) throw MlflowException.InvalidParameter($"A metric key has 1 to {MaxKey} characters.");
            if (m.Value is null) throw MlflowException.InvalidParameter($"Missing value for required parameter 'value' of metric '{m.Key}'.");
        }
        foreach (var p in parameters)
        {
            if (string.IsNullOrEmpty(p.Key) || p.Key.Length > MaxKey) throw MlflowException.InvalidParameter($"A param key has 1 to {MaxKey} characters.");
            if ((p.Value ?? "").Length > MaxParamValue) throw MlflowException.InvalidParameter($"Param '{p.Key}' is longer than {MaxParamValue} characters.");
        }
        CheckTags(tags);
        var run = await FindAsync(body.RunId, user, projects, authorization, training, ProjectRole.Editor, ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var records = new RunRecords(
            metrics.Select(m => new MetricValue(m.Key!, m.Step ?? 0, m.Value!.Value, m.Timestamp ?? now)).ToList(),
            parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value ?? "")).ToList(),
            tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value ?? "")).ToList());
        // Params, tags and metrics in one transaction: a batch refused for a param that would change stores nothing.
        await store.LogRecordsAsync(run.Id, run.ProjectId, records, ct);
        var renamed = tags.LastOrDefault(t => t.Key == RunNameTag && !string.IsNullOrWhiteSpace(t.Value));
        if (renamed is not null) await training.ChangeAsync(run.Id, (r, _) => r.Rename(renamed.Value.Trim()), ct);
    }

    public static async Task<IResult> GetHistory(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, CancellationToken ct)
    {
        var key = request.Query["metric_key"].ToString();
        if (string.IsNullOrEmpty(key)) throw MlflowException.InvalidParameter("Missing value for required parameter 'metric_key'.");
        var run = await FindAsync(request.Query["run_id"].FirstOrDefault() ?? request.Query["run_uuid"].FirstOrDefault(), user, projects, authorization, training, ProjectRole.Viewer, ct);
        var history = await metrics.HistoryAsync(run.Id, key, ct);
        return MlflowJson.Ok(new { metrics = history.Select(m => new MlflowMetric(m.Key, m.Value, m.Timestamp, m.Step)).ToList() });
    }

    /// <summary>
    /// <c>metrics/get-history-bulk-interval</c>, which MLflow's UI charts with: a metric's history of up to 100 runs,
    /// each downsampled to <c>max_results</c> steps (default 320, at most 1,000) spread evenly over the steps logged in
    /// [<c>start_step</c>, <c>end_step</c>], the first and last always among them.
    /// </summary>
    public static async Task<IResult> GetHistoryBulkInterval(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization,
        TrainingService training, MetricStore metrics, CancellationToken ct)
    {
        var key = request.Query["metric_key"].ToString();
        if (string.IsNullOrEmpty(key)) throw MlflowException.InvalidParameter("Missing value for required parameter 'metric_key'.");
        var runIds = request.Query["run_ids"].Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        if (runIds.Count is 0 or > MaxBulkRuns) throw MlflowException.InvalidParameter($"Give 1 to {MaxBulkRuns} run_ids.");
        var start = LongOf(request, "start_step");
        var end = LongOf(request, "end_step");
        if (start is not null != end is not null) throw MlflowException.InvalidParameter("Give both start_step and end_step, or neither.");
        if (start > end) throw MlflowException.InvalidParameter("start_step is after end_step.");
        var max = LongOf(request, "max_results") ?? DefaultBulkResults;
        if (max is < 1 or > MaxBulkResults) throw MlflowException.InvalidParameter($"max_results is 1 to {MaxBulkResults}.");
        var points = new List<object>();
        foreach (var runId in runIds)
        {
            var run = await FindAsync(runId, user, projects, authorization, training, ProjectRole.Viewer, ct);
            var history = (await metrics.HistoryAsync(run.Id, key, ct)).Where(m => start is null || (m.Step >= start && m.Step <= end)).ToList();
            var id = run.Id.ToString("N");
            foreach (var index in Sampled(history.Count, (int)max))
            {
                var m = history[index];
                points.Add(new { key = m.Key, value = m.Value, timestamp = m.Timestamp, step = m.Step, run_id = id });
            }
        }
        return MlflowJson.Ok(new { metrics = points });
    }

    public const int MaxBulkRuns = 100, DefaultBulkResults = 320, MaxBulkResults = 1000;

    // The history holds one value per step, so sampling indices samples steps.
    private static IEnumerable<int> Sampled(int count, int max)
    {
        if (count <= max)
        {
            for (var i = 0; i < count; i++) yield return i;
            yield break;
        }
        var previous = -1;
        for (var i = 0; i < max; i++)
        {
            var index = max == 1 ? 0 : (int)Math.Round((double)i * (count - 1) / (max - 1));
            if (index != previous) yield return index;
            previous = index;
        }
    }

    private static long? LongOf(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is not { Length: > 0 } text ? null
            : long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
            : throw MlflowException.InvalidParameter($"'{name}' is a whole number, not '{text}'.");

    /// <summary>The run, if the caller has the role in its project; otherwise (or when it does not exist) RESOURCE_DOES_NOT_EXIST.</summary>
    public static async Task<TrainingRun> FindAsync(string? runId, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        ProjectRole role, CancellationToken ct, bool includeDeleted = false)
    {
        if (string.IsNullOrWhiteSpace(runId)) throw MlflowException.InvalidParameter("Missing value for required parameter 'run_id'.");
        var run = Guid.TryParse(runId, out var id) ? await training.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) : null;
        var member = run is null ? null : (await authorization.AuthorizeProjectAsync(user, run.ProjectId, role)).Role
            // A deleted project lets no one in natively; MLflow still answers its (deleted) runs to its members.
            ?? (run.IsDeleted ? (await projects.FindForUserAsync(user.UserId(), run.ProjectId, ct))?.Role : null);
        if (run is null || member is null) throw MlflowException.NotFound($"Run '{runId}' not found.");
        if (run.IsDeleted && !includeDeleted)
            throw role >= ProjectRole.Editor
                ? new MlflowException("INVALID_STATE", $"The run '{runId}' must be in the 'active' state; it is deleted.")
                : MlflowException.NotFound($"Run '{runId}' not found.");
        if (member < role) throw new MlflowException("PERMISSION_DENIED", $"This needs the {role} role in the run's project.", StatusCodes.Status403Forbidden);
        return run;
    }

    public static MlflowRun Of(TrainingRun run, IEnumerable<LatestMetric> latest)
    {
        var id = run.Id.ToString("N");
        var info = new MlflowRunInfo(id, id, run.Name, run.ProjectId.ToString("N"), run.Tags.GetValueOrDefault(UserTag, ""), StatusOf(run.State),
            Milliseconds(run.StartedAt ?? run.CreatedAt), run.FinishedAt is { } end ? Milliseconds(end) : null,
            $"mlflow-artifacts:/{run.ProjectId:N}/{id}/artifacts", run.IsDeleted ? "deleted" : "active");
        var data = new MlflowRunData(
            latest.Select(m => new MlflowMetric(m.Key, m.Value, m.Timestamp, m.Step)).OrderBy(m => m.Key, StringComparer.Ordinal).ToList(),
            run.Params.Select(p => new MlflowTag(p.Key, p.Value)).ToList(),
            run.Tags.Select(t => new MlflowTag(t.Key, t.Value)).ToList());
        return new MlflowRun(info, data, new MlflowRunInputs());
    }

    public static string StatusOf(TrainingRunState state) => ExternalRunStatusMapping.ToMlflow(state);

    private static DateTime TimeOf(long milliseconds) =>
        milliseconds is >= 0 and <= 253_402_300_799_999 ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime
            : throw MlflowException.InvalidParameter($"The time {milliseconds} is not a Unix time in milliseconds.");

    private static long Milliseconds(DateTime at) => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static void CheckTags(IEnumerable<MlflowTag> tags)
    {
        foreach (var t in tags)
        {
            if (string.IsNullOrEmpty(t.Key) || t.Key.Length > MaxKey) throw MlflowException.InvalidParameter($"A tag key has 1 to {MaxKey} characters.");
            if ((t.Value ?? "").Length > MaxTagValue) throw MlflowException.InvalidParameter($"Tag '{t.Key}' is longer than {MaxTagValue} characters.");
        }
    }

    // Tags a client sends at creation, one per key (the last wins, as a batch of set-tag calls would).
    private static Dictionary<string, string> TagsByKey(IEnumerable<MlflowTag> tags)
    {
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags) byKey[tag.Key] = tag.Value ?? "";
        return byKey;
    }

    private static async Task<Dictionary<string, double>> FinalMetricsAsync(MetricStore metrics, Guid runId, CancellationToken ct) =>
        (await metrics.LatestAsync([runId], ct)).GetValueOrDefault(runId)?.ToDictionary(m => m.Key, m => m.Value.Value) ?? [];
}
