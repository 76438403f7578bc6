using Lodestone.Models;
using Lodestone.Trainers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>The tracking API's handlers for a run's metrics, logs and files, and for leaderboards and comparisons.</summary>
internal static class RunQueries
{
    public const int MaxMetricsPerRequest = 10_000;

    private static Task<TrackedRun?> FindAsync(TrainingService training, Guid projectId, Guid runId, CancellationToken ct) =>
        training.FindTrackedAsync(projectId, runId, ct);

    public static async Task<Results<NoContent, NotFound>> LogMetrics(Guid projectId, Guid runId, LogMetricsRequest request,
        TrainingService training, MetricStore store, TimeProvider clock, CancellationToken ct)
    {
        var run = await FindAsync(training, projectId, runId, ct);
        if (run is null) return TypedResults.NotFound();
        if (request.Metrics is not { Count: > 0 } points) throw new InvalidInputException("Send at least one metric.");
        if (points.Count > MaxMetricsPerRequest) throw new InvalidInputException($"At most {MaxMetricsPerRequest} metrics per request.");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var values = points.Select(p => new MetricValue(p.Key, p.Step, p.Value, p.Timestamp ?? now)).ToList();
        await store.LogBatchAsync(run.Id, run.ProjectId, values, ct);
        if (run.MonitorMetric is { } monitor && values.Any(v => v.Key == monitor)) await store.RefreshBestAsync(run.Id, monitor, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Dictionary<string, List<MetricPoint>>>, NotFound>> Metrics(Guid projectId, Guid runId, string? key,
        TrainingService training, MetricStore store, CancellationToken ct)
    {
        if (await FindAsync(training, projectId, runId, ct) is null) return TypedResults.NotFound();
        var rows = key is null ? await store.AllAsync(runId, ct) : await store.HistoryAsync(runId, key, ct);
        return TypedResults.Ok(rows.GroupBy(m => m.Key).ToDictionary(g => g.Key, g => g.Select(m => new MetricPoint(m.Key, m.Step, m.Value, m.Timestamp)).ToList()));
    }

    public static async Task<Results<NoContent, NotFound>> AppendLogs(Guid projectId, Guid runId, AppendLogsRequest request,
        TrainingService training, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(training, projectId, runId, ct) is null) return TypedResults.NotFound();
        if (request.Lines is not { Count: > 0 and <= 10_000 }) throw new InvalidInputException("Send 1 to 10,000 log lines.");
        var now = clock.GetUtcNow().UtcDateTime;
        await training.AppendLogsAsync(runId, projectId,
            request.Lines.Select(l => (l.Timestamp?.ToUniversalTime() ?? now, l.Level, l.Message ?? "")).ToList(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<List<RunLogEntry>>, NotFound>> Logs(Guid projectId, Guid runId, long? after, int? limit,
        TrainingService training, CancellationToken ct)
    {
        if (await FindAsync(training, projectId, runId, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await training.LogsAsync(runId, after ?? 0, limit ?? 1000, ct));
    }

    public static async Task<List<LeaderboardEntry>> Leaderboard(Guid projectId, string metric, MetricGoal? goal, int? top,
        TrainingService training, MetricStore store, ModelRegistry models, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(metric)) throw new InvalidInputException("Name the metric to rank by: ?metric=accuracy");
        var rows = await training.LeaderboardAsync(projectId, metric, goal ?? MetricGoals.For(metric), top ?? 50, ct);
        var responses = await TrainingApi.WithLatestAsync(rows.Select(r => r.Run).ToList(), store, models, clock, ct);
        return rows.Select((r, i) => new LeaderboardEntry(i + 1, r.Value, responses[i])).ToList();
    }

    /// <summary>The metrics the project's runs can be ranked by, held-out <c>test_*</c> first, each with the direction that is better.</summary>
    public static async Task<List<LeaderboardMetric>> LeaderboardMetrics(Guid projectId, TrainingService training, CancellationToken ct) =>
        (await training.MetricKeysAsync(projectId, ct)).Select(k => new LeaderboardMetric(k, MetricGoals.For(k), MetricGoals.IsTest(k))).ToList();

    public static async Task<RunComparison> Compare(Guid projectId, [FromQuery] Guid[] ids, TrainingService training, MetricStore store, ModelRegistry models,
        TimeProvider clock, CancellationToken ct)
    {
        if (ids.Length is 0 or > 50) throw new InvalidInputException("Compare 1 to 50 runs: ?ids=…&ids=…");
        var runs = await training.Runs.AsNoTracking().Where(r => r.ProjectId == projectId && ids.Contains(r.Id)).ToListAsync(ct);
        var ordered = ids.Select(id => runs.FirstOrDefault(r => r.Id == id)).OfType<TrainingRun>().ToList();
        var responses = await TrainingApi.WithLatestAsync(ordered, store, models, clock, ct);
        return new RunComparison(responses,
            responses.SelectMany(r => r.LatestMetrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList(),
            responses.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    public static async Task<Results<Ok<IReadOnlyList<RunArtifact>>, NotFound>> ListArtifacts(Guid projectId, Guid runId, string? path,
        TrainingService training, RunFiles files, CancellationToken ct)
    {
        if (await FindAsync(training, projectId, runId, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(files.List(projectId, runId, path));
    }

    public static async Task<IResult> DownloadArtifact(Guid projectId, Guid runId, string path,
        TrainingService training, RunFiles files, HttpResponse response, CancellationToken ct)
    {
        if (await FindAsync(training, projectId, runId, ct) is null) return TypedResults.NotFound();
        var file = files.ArtifactPath(projectId, runId, path);
        return File.Exists(file) ? ArtifactContent.Serve(file, response) : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound>> UploadArtifact(Guid projectId, Guid runId, string path, HttpRequest request,
        TrainingService training, RunFiles files, Microsoft.Extensions.Options.IOptions<Hosting.LimitsOptions> limits, CancellationToken ct)
    {
        var body = Hosting.RequestBody.Limit(request, limits.Value.MaxUploadBytes);
        if (await FindAsync(training, projectId, runId, ct) is null) return TypedResults.NotFound();
        await files.SaveArtifactAsync(projectId, runId, path, body, ct);
        return TypedResults.NoContent();
    }
}
