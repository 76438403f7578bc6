using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Mlflow;

/// <summary>MLflow's run endpoints over Lodestone's runs: an MLflow run is an external run of the experiment's project.</summary>
internal static class MlflowRuns
{
    public const int MaxMetrics = 1000, MaxParams = 100, MaxTags = 100;
    public const int MaxParamValue = 6000, MaxTagValue = 8000, MaxKey = 250;
    public const string RunNameTag = "mlflow.runName", UserTag = "mlflow.user", SourceTag = "mlflow.source.name";

    public static async Task<IResult> Create(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<CreateRunBody>(request);
        var project = await MlflowExperiments.ResolveAsync(body.ExperimentId ?? MlflowExperiments.DefaultId, user, projects, authorization, ProjectRole.Editor, ct);
        var tags = body.Tags ?? [];
        CheckTags(tags);
        var name = body.RunName ?? tags.FirstOrDefault(t => t.Key == RunNameTag)?.Value;
        var source = tags.FirstOrDefault(t => t.Key == SourceTag)?.Value;
        var run = await training.CreateExternalAsync(new NewRun(project.Id, user.UserId(), name, "mlflow", null, []), null, ct);
        run = (await training.ChangeAsync(run.Id, (r, _) =>
        {
            foreach (var tag in tags) r.SetTag(tag.Key, tag.Value);
            r.SetTag(RunNameTag, r.Name);
            if (!r.Tags.ContainsKey(UserTag)) r.SetTag(UserTag, body.UserId ?? user.Identity?.Name ?? "");
            if (source is not null) r.SetTag(SourceTag, source);
        }, ct))!;
        return MlflowJson.Ok(new { run = Of(run, []) });
    }

    public static async Task<IResult> Get(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, CancellationToken ct)
    {
        var run = await FindAsync(request.Query["run_id"].FirstOrDefault() ?? request.Query["run_uuid"].FirstOrDefault(), user, projects, authorization, training, ProjectRole.Viewer, ct);
        var latest = await metrics.LatestAsync([run.Id], ct);
        return MlflowJson.Ok(new { run = Of(run, latest.GetValueOrDefault(run.Id)?.Values.AsEnumerable() ?? []) });
    }

    public static async Task<IResult> Update(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<UpdateRunBody>(request);
        var run = await FindAsync(body.RunId ?? body.RunUuid, user, projects, authorization, training, ProjectRole.Editor, ct);
        var final = body.Status == "FINISHED" ? await FinalMetricsAsync(metrics, run.Id, ct) : [];
        run = (await training.ChangeAsync(run.Id, (r, now) =>
        {
            if (!string.IsNullOrWhiteSpace(body.RunName))
            {
                r.Rename(body.RunName.Trim());
                r.SetTag(RunNameTag, r.Name);
            }
            switch (body.Status)
            {
                case null or "":
                    break;
                case "KILLED":
                    if (!r.IsFinal) r.RequestCancel(now);
                    break;
                case var _ when !r.IsExternal:
                    throw MlflowException.InvalidParameter("Runs trained by Lodestone can only be killed through MLflow.");
                case "FINISHED":
                    if (r.State != TrainingRunState.Completed) { r.Reopen(now); r.Complete(final, now); }
                    break;
                case "FAILED":
                    if (r.State != TrainingRunState.Failed) { r.Reopen(now); r.Fail("The client reported the run failed.", now); }
                    break;
                case "RUNNING":
                    r.Reopen(now);
                    break;
                case "SCHEDULED":
                    throw MlflowException.InvalidParameter("An MLflow client cannot schedule a run here.");
                default:
                    throw MlflowException.InvalidParameter($"Unknown run status '{body.Status}'.");
            }
        }, ct))!;
        return MlflowJson.Ok(new { run_info = Of(run, []).Info });
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

    public static async Task<IResult> DeleteTag(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<KeyValueBody>(request);
        var run = await FindAsync(body.RunId ?? body.RunUuid, user, projects, authorization, training, ProjectRole.Editor, ct);
        if (!run.Tags.ContainsKey(body.Key ?? "")) throw MlflowException.NotFound($"No tag '{body.Key}' on run '{run.Id:N}'.");
        await training.ChangeAsync(run.Id, (r, _) => r.RemoveTag(body.Key!), ct);
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
        if (metrics.Count > 0)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await store.LogBatchAsync(run.Id, run.ProjectId, metrics.Select(m => new MetricValue(m.Key!, m.Step ?? 0, m.Value!.Value, m.Timestamp ?? now)).ToList(), ct);
        }
        if (parameters.Count > 0 || tags.Count > 0)
            await training.ChangeAsync(run.Id, (r, _) =>
            {
                foreach (var p in parameters) r.SetParam(p.Key, p.Value ?? "");
                foreach (var t in tags)
                {
                    r.SetTag(t.Key, t.Value ?? "");
                    if (t.Key == RunNameTag && !string.IsNullOrWhiteSpace(t.Value)) r.Rename(t.Value.Trim());
                }
            }, ct);
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

    /// <summary>The run, if the caller has the role in its project; otherwise (or when it does not exist) RESOURCE_DOES_NOT_EXIST.</summary>
    public static async Task<TrainingRun> FindAsync(string? runId, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        ProjectRole role, CancellationToken ct, bool includeDeleted = false)
    {
        if (string.IsNullOrWhiteSpace(runId)) throw MlflowException.InvalidParameter("Missing value for required parameter 'run_id'.");
        var run = Guid.TryParse(runId, out var id) ? await training.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) : null;
        var access = run is null ? null : await authorization.AuthorizeProjectAsync(user, run.ProjectId, role);
        if (run is null || access is not { IsMember: true } || (run.IsDeleted && !includeDeleted)) throw MlflowException.NotFound($"Run '{runId}' not found.");
        if (!access.Allowed) throw new MlflowException("PERMISSION_DENIED", $"This needs the {role} role in the run's project.", StatusCodes.Status403Forbidden);
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

    public static string StatusOf(TrainingRunState state) => state switch
    {
        TrainingRunState.Running => "RUNNING",
        TrainingRunState.Completed => "FINISHED",
        TrainingRunState.Failed => "FAILED",
        TrainingRunState.Cancelled => "KILLED",
        _ => "SCHEDULED",
    };

    private static long Milliseconds(DateTime at) => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static void CheckTags(IEnumerable<MlflowTag> tags)
    {
        foreach (var t in tags)
        {
            if (string.IsNullOrEmpty(t.Key) || t.Key.Length > MaxKey) throw MlflowException.InvalidParameter($"A tag key has 1 to {MaxKey} characters.");
            if ((t.Value ?? "").Length > MaxTagValue) throw MlflowException.InvalidParameter($"Tag '{t.Key}' is longer than {MaxTagValue} characters.");
        }
    }

    private static async Task<Dictionary<string, double>> FinalMetricsAsync(MetricStore metrics, Guid runId, CancellationToken ct) =>
        (await metrics.LatestAsync([runId], ct)).GetValueOrDefault(runId)?.ToDictionary(m => m.Key, m => m.Value.Value) ?? [];
}
