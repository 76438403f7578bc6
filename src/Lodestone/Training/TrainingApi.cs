using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Models;
using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// The tracking API under <c>/api/projects/{projectId}/runs</c>: create runs (internal ones are queued for a worker,
/// external ones are tracked), post metrics per epoch, patch state and final results, list, leaderboard, compare, logs,
/// and a suggested config for a new run.
/// </summary>
public static class TrainingApi
{
    public static void MapTrainingApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapProjectGroup("/runs", "Training runs");
        runs.MapPost("/", Create).RequiresRole(ProjectRole.Editor)
            .WithSummary("Create a run").WithDescription("`external: true` tracks a run trained elsewhere (running at once, reporting here); otherwise the run is queued and a worker trains `trainerKind` with `config` on `datasetIds`. An internal run's `config` is checked against the kind's schema (`GET /api/trainers/{kind}/recipe-schema`) before anything is stored: unknown settings, wrong types and values out of range are a 400 whose `errors` list each problem with its JSON path; `datasetIds` must be datasets of this project and `queue` one of the server's queues (`Lodestone:Jobs:Queues`). `parentModelVersionId` continues from a model version of the same trainer kind in this project (deep kinds start from its weights; other kinds refit on its datasets and these); config `modelName` names the model the run's version belongs to.");
        runs.MapPost("/suggestion", RunSuggestions.Suggest)
            .WithSummary("Suggest a run's config from the data").WithDescription("The settings the start form suggests for `trainerKind` on `datasetIds`: the kind's defaults, a window from the sampling rate (or, with `labelChannel`, from the anomaly ranges that channel marks), epochs and learning rate for deep kinds, balanced class weights when the labelled windows are imbalanced, and warnings when the data are too few. `sensor` keeps one sensor's rows. Changes nothing.");
        runs.MapGet("/", List).WithSummary("Runs of the project, newest first; filter with ?state=Running&state=Queued");
        runs.MapGet("/active", Active).WithSummary("Queued, preparing and running runs with their latest metrics");
        runs.MapGet("/leaderboard", RunQueries.Leaderboard)
            .WithSummary("The top runs by a metric: its final value (test_* figures) or else its latest (default top 50; goal guessed from the name)");
        runs.MapGet("/leaderboard/metrics", RunQueries.LeaderboardMetrics).WithSummary("The metrics runs can be ranked by, held-out test_* first");
        runs.MapGet("/compare", RunQueries.Compare).WithSummary("Runs side by side: ?ids=…&ids=…");
        runs.MapGet("/{runId:guid}", Get).WithSummary("A run with its latest metrics");
        runs.MapPatch("/{runId:guid}", Patch).RequiresRole(ProjectRole.Editor)
            .WithSummary("Change state, final metrics, progress, name or tags").WithDescription("External runs report their end here: `{\"state\":\"Completed\",\"finalMetrics\":{…}}` or `{\"state\":\"Failed\",\"failureReason\":\"…\"}`.");
        runs.MapPost("/{runId:guid}/cancel", Cancel).RequiresRole(ProjectRole.Editor).WithSummary("Cancel a run; a running one stops at its next epoch, within about a second");
        runs.MapPost("/{runId:guid}/resume", Resume).RequiresRole(ProjectRole.Editor).WithSummary("Queue a failed, cancelled or interrupted run again; it continues from its last checkpoint");
        runs.MapPost("/{runId:guid}/metrics", RunQueries.LogMetrics).RequiresRole(ProjectRole.Editor)
            .WithSummary("Upsert metrics (per key and step; at most 10,000 per request)");
        runs.MapGet("/{runId:guid}/metrics", RunQueries.Metrics).WithSummary("Metric history, of one key (?key=loss) or all");
        runs.MapPost("/{runId:guid}/logs", RunQueries.AppendLogs).RequiresRole(ProjectRole.Editor).WithSummary("Append log lines");
        runs.MapGet("/{runId:guid}/logs", RunQueries.Logs).WithSummary("Log lines after ?after=ID, oldest first");
        runs.MapGet("/{runId:guid}/artifacts", RunQueries.ListArtifacts).WithSummary("Files of the run under ?path=");
        runs.MapGet("/{runId:guid}/artifacts/{**path}", RunQueries.DownloadArtifact).WithSummary("A file of the run: report HTML, PNG, SVG and JSON open inline (sandboxed), other files download");
        runs.MapPut("/{runId:guid}/artifacts/{**path}", RunQueries.UploadArtifact).RequiresRole(ProjectRole.Editor)
            .WithSummary("Upload a file of the run (the request body)").DisableAntiforgery();
    }

    private static async Task<Created<RunResponse>> Create(Guid projectId, CreateRunRequest request, ClaimsPrincipal user,
        TrainingService training, MetricStore metrics, ModelRegistry models, TimeProvider clock, CancellationToken ct)
    {
        var newRun = new NewRun(projectId, user.UserId(), request.Name, request.TrainerKind, request.Config, request.DatasetIds ?? [],
            request.Monitor, request.MonitorGoal, request.ParentModelVersionId, request.Queue);
        TrainingRun run;
        if (request.External)
        {
            RunRecords.Of(request.Params, request.Tags).Validate();
            run = await training.CreateExternalAsync(newRun, request.Hardware, ct, request.Params, request.Tags);
        }
        else run = await training.CreateInternalAsync(newRun, ct);
        return TypedResults.Created($"/api/projects/{projectId}/runs/{run.Id}", (await WithLatestAsync([run], metrics, models, clock, ct))[0]);
    }

    private static async Task<List<RunResponse>> List(Guid projectId, [FromQuery] TrainingRunState[]? state, int? limit,
        TrainingService training, MetricStore metrics, ModelRegistry models, TimeProvider clock, CancellationToken ct)
    {
        var runs = await training.ListAsync(projectId, state, limit ?? 500, ct);
        return await WithLatestAsync(runs, metrics, models, clock, ct);
    }

    private static Task<List<RunResponse>> Active(Guid projectId, TrainingService training, MetricStore metrics, ModelRegistry models, TimeProvider clock, CancellationToken ct) =>
        List(projectId, [TrainingRunState.Queued, TrainingRunState.Preparing, TrainingRunState.Running], 1000, training, metrics, models, clock, ct);

    internal static async Task<List<RunResponse>> WithLatestAsync(IReadOnlyList<TrainingRun> runs, MetricStore metrics, ModelRegistry models, TimeProvider clock, CancellationToken ct)
    {
        var latest = await metrics.LatestAsync(runs.Select(r => r.Id).ToList(), ct);
        var produced = await models.ProducedByAsync(runs.Select(r => r.Id).ToList(), ct);
        var parents = await models.ByIdAsync(runs.Select(r => r.ParentModelVersionId).OfType<Guid>().Distinct().ToList(), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return runs.Select(r => RunResponse.Of(r, latest.GetValueOrDefault(r.Id), now,
            r.ParentModelVersionId is { } p ? parents.GetValueOrDefault(p) : null, produced.GetValueOrDefault(r.Id))).ToList();
    }

    private static async Task<Results<Ok<RunResponse>, NotFound>> Get(Guid projectId, Guid runId, TrainingService training, MetricStore metrics, ModelRegistry models,
        TimeProvider clock, CancellationToken ct)
    {
        var run = await training.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.ProjectId == projectId && r.DeletedAt == null, ct);
        if (run is null) return TypedResults.NotFound();
        return TypedResults.Ok((await WithLatestAsync([run], metrics, models, clock, ct))[0]);
    }

    private static async Task<Results<Ok<RunResponse>, NotFound>> Patch(Guid projectId, Guid runId, PatchRunRequest request,
        TrainingService training, MetricStore metrics, ModelRegistry models, TimeProvider clock, CancellationToken ct)
    {
        if (await training.FindAsync(projectId, runId, ct) is null) return TypedResults.NotFound();
        RunRecords.Of(request.Params, request.Tags).Validate();
        if (request.ProgressTotal is < 0 || request.ProgressCompleted is < 0 || request.ProgressCompleted > request.ProgressTotal)
            throw new InvalidInputException("Progress needs 0 ≤ progressCompleted ≤ progressTotal.");
        var report = request.State is { } state
            ? ExternalRunStatusMapping.FromState(state) ?? throw new InvalidInputException($"A run cannot be set to {state}; report Running, Completed, Failed or Cancelled.")
            : (ExternalRunStatus?)null;
        if (request.Params is { Count: > 0 } || request.Tags is { Count: > 0 })
            await metrics.LogRecordsAsync(runId, projectId, RunRecords.Of(request.Params, request.Tags), ct);
        var run = await training.ChangeAsync(runId, (r, now) =>
        {
            if (request.Name is { } name && !string.IsNullOrWhiteSpace(name)) r.Rename(name.Trim());
            if (r.IsExternal && request.ProgressTotal is { } total && r.State == TrainingRunState.Running)
                r.ReportProgress(request.ProgressCompleted ?? r.ProgressCompleted, total, now);
            if (report is { } status) r.ReportExternal(status, now, request.FinalMetrics, request.FailureReason);
        }, ct);
        return TypedResults.Ok((await WithLatestAsync([run!], metrics, models, clock, ct))[0]);
    }

    private static async Task<Results<Ok<RunResponse>, NotFound>> Cancel(Guid projectId, Guid runId, TrainingService training,
        MetricStore metrics, ModelRegistry models, TimeProvider clock, CancellationToken ct)
    {
        if (await training.FindAsync(projectId, runId, ct) is null) return TypedResults.NotFound();
        var run = await training.RequestCancelAsync(runId, ct);
        return TypedResults.Ok((await WithLatestAsync([run!], metrics, models, clock, ct))[0]);
    }

    private static async Task<Results<Ok<RunResponse>, NotFound>> Resume(Guid projectId, Guid runId, TrainingService training,
        MetricStore metrics, ModelRegistry models, TimeProvider clock, CancellationToken ct)
    {
        if (await training.FindAsync(projectId, runId, ct) is null) return TypedResults.NotFound();
        var run = await training.ResumeAsync(runId, ct);
        return TypedResults.Ok((await WithLatestAsync([run!], metrics, models, clock, ct))[0]);
    }
}
