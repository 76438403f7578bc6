using System.Text.Json;
using Lodestone.Data;
using Lodestone.Models;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// Creates runs and moves them through their states, appends log lines, and answers the questions views ask (active
/// runs, history, leaderboard). State changes load the run, apply the entity's transition and save with the state as
/// concurrency token, retrying on a lost race, then publish the change. Processes without a job engine (CLI commands)
/// have no <see cref="IRunScheduler"/>; they can read and cancel runs but not queue them. With a <see cref="RunDirectory"/>
/// (the server has one), the runs that requests write to are remembered briefly.
/// </summary>
public sealed class TrainingService(LodestoneDb db, RunEvents events, ModelRegistry models, TrainerCatalog catalog, TimeProvider clock,
    IRunScheduler? scheduler = null, RunDirectory? directory = null)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private IRunScheduler Scheduler => scheduler ?? throw new InvalidOperationException("This process has no job engine to queue runs; start runs through the server.");

    public DbSet<TrainingRun> Runs => db.Set<TrainingRun>();

    /// <summary>
    /// Creates an internal run and hands it to the job engine. Its recipe is read and checked here, once, with its
    /// datasets (the project's own) and queue (one the job engine serves): every problem is a
    /// <see cref="RunRecipeException"/> naming its JSON path, and nothing is stored then.
    /// </summary>
    public async Task<TrainingRun> CreateInternalAsync(NewRun request, CancellationToken cancellationToken = default)
    {
        var scheduler = Scheduler;
        var kind = Required(request.TrainerKind, "trainer kind");
        var errors = new List<string>();
        RunRecipe? recipe = null;
        try
        {
            recipe = RunRecipeReader.Read(catalog, kind, request.Config, request.DatasetIds, request.ParentModelVersionId);
        }
        catch (RunRecipeException e)
        {
            errors.AddRange(e.Errors);
        }
        var queue = string.IsNullOrWhiteSpace(request.Queue) ? "default" : request.Queue.Trim();
        var queues = scheduler.Queues;
        if (!queues.Contains(queue, StringComparer.Ordinal))
            errors.Add($"$.queue: no queue '{queue}' here; one of: {string.Join(", ", queues)}");
        await CheckDatasetsAsync(request, recipe, errors, cancellationToken);
        if (errors.Count > 0) throw new RunRecipeException(errors);
        if (request.ParentModelVersionId is { } parent)
            await models.ParentForRunAsync(request.ProjectId, parent, kind, cancellationToken);
        var run = TrainingRun.CreateInternal(request.ProjectId, NameOf(request), kind,
            recipe!.ToConfigJson(), request.DatasetIds, request.OwnerId, Now, request.ParentModelVersionId, queue);
        ApplyMonitor(run, request);
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        scheduler.Enqueue(run.Id, run.Queue);
        PublishState(run);
        return run;
    }

    /// <summary>
    /// A run names datasets of its own project only, and answers alike for a dataset of another project and one that
    /// does not exist, so that no one learns another project's ids. Only a sensor kind naming its sensor may name none.
    /// </summary>
    private async Task CheckDatasetsAsync(NewRun request, RunRecipe? recipe, List<string> errors, CancellationToken cancellationToken)
    {
        if (request.DatasetIds.Count == 0)
        {
            if (recipe is not null && string.IsNullOrWhiteSpace((recipe.Options as ISensorOptions)?.Sensor))
                errors.Add("$.datasetIds: a run trained by Lodestone needs at least one dataset (drift and calibration runs may name a sensor instead)");
            return;
        }
        var ids = request.DatasetIds.Distinct().ToList();
        var known = await db.Datasets.AsNoTracking().Where(d => d.ProjectId == request.ProjectId && ids.Contains(d.Id))
            .Select(d => d.Id).ToListAsync(cancellationToken);
        for (var i = 0; i < request.DatasetIds.Count; i++)
            if (!known.Contains(request.DatasetIds[i]))
                errors.Add($"$.datasetIds[{i}]: the project has no dataset {request.DatasetIds[i]}");
    }

    /// <summary>
    /// Creates an external run (trained elsewhere, tracked through the API), running from <paramref name="startedAt"/>
    /// (the client's clock) or now, with the params and tags it starts with.
    /// </summary>
    public async Task<TrainingRun> CreateExternalAsync(NewRun request, RunHardware? hardware, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyDictionary<string, string>? tags = null, DateTime? startedAt = null)
    {
        // An outside trainer may call itself anything, so only the project of the version it continues from is checked.
        if (request.ParentModelVersionId is { } parent && await models.FindAsync(request.ProjectId, parent, cancellationToken) is null)
            throw new InvalidInputException($"There is no model version {parent} in this project to continue from.");
        var run = TrainingRun.CreateExternal(request.ProjectId, NameOf(request),
            string.IsNullOrWhiteSpace(request.TrainerKind) ? "external" : request.TrainerKind.Trim(),
            ConfigOf(request.Config), hardware ?? new RunHardware(), request.DatasetIds, request.OwnerId, startedAt ?? Now, request.ParentModelVersionId);
        run.AddInitialRecords(parameters, tags);
        ApplyMonitor(run, request);
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        PublishState(run);
        return run;
    }

    public Task<TrainingRun?> FindAsync(Guid projectId, Guid runId, CancellationToken cancellationToken = default) =>
        Runs.FirstOrDefaultAsync(r => r.Id == runId && r.ProjectId == projectId, cancellationToken);

    /// <summary>The run when it exists in the project and is not deleted, or null.</summary>
    public async Task<TrackedRun?> FindTrackedAsync(Guid projectId, Guid runId, CancellationToken cancellationToken = default)
    {
        var run = directory?.Find(runId);
        if (run is null)
        {
            var generation = directory?.Generation ?? 0;
            run = await Runs.AsNoTracking().Where(r => r.Id == runId && r.DeletedAt == null)
                .Select(r => new TrackedRun(r.Id, r.ProjectId, r.MonitorMetric)).FirstOrDefaultAsync(cancellationToken);
            if (run is not null) directory?.Store(run, generation);
        }
        return run?.ProjectId == projectId ? run : null;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the newest state of the run and saves it; when another process changed the
    /// state meanwhile, reloads and applies the change again. Returns null when the run does not exist.
    /// </summary>
    public async Task<TrainingRun?> ChangeAsync(Guid runId, Action<TrainingRun, DateTime> change, CancellationToken cancellationToken = default) =>
        (await ChangeAsync(runId, (r, now) => { change(r, now); return true; }, cancellationToken))?.Run;

    /// <summary>
    /// As <see cref="ChangeAsync(Guid, Action{TrainingRun, DateTime}, CancellationToken)"/>, returning what the run
    /// answered (<see cref="TrainingRun.TryClaim"/>, <see cref="TrainingRun.ReportExternal"/>) with it.
    /// </summary>
    public async Task<(TrainingRun Run, T Result)?> ChangeAsync<T>(Guid runId, Func<TrainingRun, DateTime, T> change,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var run = await Runs.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
            if (run is null) return null;
            await db.Entry(run).ReloadAsync(cancellationToken);
            var before = run.State;
            var deletedBefore = run.DeletedAt;
            var result = change(run, Now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 10)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            if (run.DeletedAt != deletedBefore) directory?.Evict(run.Id);
            if (run.State != before) PublishState(run);
            return (run, result);
        }
    }

    /// <summary>Cancels a queued run at once, or asks the worker training it to stop (within about a second).</summary>
    public async Task<TrainingRun?> RequestCancelAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var run = await ChangeAsync(runId, (r, now) => r.RequestCancel(now), cancellationToken);
        if (run is { IsActive: true })
            events.Publish(new RunEvent(run.Id, run.ProjectId, RunEventKind.CancelRequested));
        return run;
    }

    /// <summary>Queues a failed, cancelled or interrupted run again; it continues from its last checkpoint.</summary>
    public async Task<TrainingRun?> ResumeAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var run = await ChangeAsync(runId, (r, _) => r.Resume(), cancellationToken);
        if (run is not null) Scheduler.Enqueue(run.Id, run.Queue);
        return run;
    }

    public Task AppendLogAsync(Guid runId, Guid projectId, TrainingLogLevel level, string message, CancellationToken cancellationToken = default) =>
        AppendLogsAsync(runId, projectId, [(Now, level, message)], cancellationToken);

    /// <summary>Appends log lines in one write and publishes them.</summary>
    public async Task AppendLogsAsync(Guid runId, Guid projectId, IReadOnlyList<(DateTime Timestamp, TrainingLogLevel Level, string Message)> lines,
        CancellationToken cancellationToken = default)
    {
        if (lines.Count == 0) return;
        var rows = lines.Select(l => new RunLogLine(runId, l.Timestamp, l.Level, l.Message)).ToList();
        db.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in rows) db.Entry(row).State = EntityState.Detached;
        events.Publish(new RunEvent(runId, projectId, RunEventKind.Logs)
        {
            Logs = rows.Select(r => new RunLogEntry(r.Id, r.Timestamp, r.Level, r.Message)).ToList(),
        });
    }

    /// <summary>Log lines after <paramref name="afterId"/> (0: from the start), oldest first.</summary>
    public Task<List<RunLogEntry>> LogsAsync(Guid runId, long afterId = 0, int limit = 1000, CancellationToken cancellationToken = default) =>
        db.Set<RunLogLine>().AsNoTracking().Where(l => l.RunId == runId && l.Id > afterId).OrderBy(l => l.Id).Take(Math.Clamp(limit, 1, 10_000))
            .Select(l => new RunLogEntry(l.Id, l.Timestamp, l.Level, l.Message)).ToListAsync(cancellationToken);

    /// <summary>Runs of a project, newest first, optionally only those in the given states.</summary>
    public Task<List<TrainingRun>> ListAsync(Guid projectId, IReadOnlyCollection<TrainingRunState>? states = null, int limit = 500,
        CancellationToken cancellationToken = default)
    {
        var query = Runs.AsNoTracking().Where(r => r.ProjectId == projectId && r.DeletedAt == null);
        if (states is { Count: > 0 }) query = query.Where(r => states.Contains(r.State));
        return query.OrderByDescending(r => r.CreatedAt).Take(Math.Clamp(limit, 1, 10_000)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The top runs of a project by <paramref name="metric"/>, best first: a run's final value of it (the held-out
    /// <c>test_*</c> figures, an external run's reported results) when it has one, else its latest logged value. Runs
    /// without the metric (or with NaN) are left out.
    /// </summary>
    public async Task<List<(TrainingRun Run, double Value)>> LeaderboardAsync(Guid projectId, string metric, MetricGoal goal, int top = 50,
        CancellationToken cancellationToken = default)
    {
        var runs = await Runs.AsNoTracking().Where(r => r.ProjectId == projectId && r.DeletedAt == null).ToListAsync(cancellationToken);
        var latest = await LatestOfProject(projectId).Where(m => m.Key == metric && m.StoredValue != null)
            .ToDictionaryAsync(m => m.RunId, m => m.StoredValue!.Value, cancellationToken);
        var ranked = runs
            .Select(r => (Run: r, Value: r.FinalMetrics.TryGetValue(metric, out var final) && !double.IsNaN(final) ? final
                : latest.TryGetValue(r.Id, out var value) ? value : double.NaN))
            .Where(x => !double.IsNaN(x.Value));
        ranked = goal == MetricGoal.Minimize ? ranked.OrderBy(x => x.Value) : ranked.OrderByDescending(x => x.Value);
        return ranked.Take(Math.Clamp(top, 1, 1000)).ToList();
    }

    /// <summary>Every metric a project's runs have, final or logged, to rank by: <c>test_*</c> first (<see cref="MetricGoals.Ordered"/>).</summary>
    public async Task<IReadOnlyList<string>> MetricKeysAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        var logged = await LatestOfProject(projectId).Select(m => m.Key).Distinct().ToListAsync(cancellationToken);
        var finals = await Runs.AsNoTracking().Where(r => r.ProjectId == projectId && r.DeletedAt == null)
            .Select(r => r.FinalMetrics).ToListAsync(cancellationToken);
        return MetricGoals.Ordered(logged.Concat(finals.SelectMany(f => f.Keys)));
    }

    private IQueryable<LatestMetric> LatestOfProject(Guid projectId) =>
        db.Set<LatestMetric>().AsNoTracking()
            .Join(Runs.Where(r => r.ProjectId == projectId && r.DeletedAt == null), m => m.RunId, r => r.Id, (m, _) => m);

    private void PublishState(TrainingRun run) =>
        events.Publish(new RunEvent(run.Id, run.ProjectId, RunEventKind.StateChanged) { State = run.State });

    private static string NameOf(NewRun request) =>
        string.IsNullOrWhiteSpace(request.Name) ? $"{request.TrainerKind ?? "run"}-{DateTime.UtcNow:yyyyMMdd-HHmmss}" : request.Name.Trim()[..Math.Min(request.Name.Trim().Length, 250)];

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidInputException($"A run needs a {what}.") : value.Trim();

    private static string ConfigOf(JsonElement? config)
    {
        if (config is not { } c || c.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return "{}";
        if (c.ValueKind != JsonValueKind.Object) throw new InvalidInputException("A run's config is a JSON object.");
        return c.GetRawText();
    }

    private static void ApplyMonitor(TrainingRun run, NewRun request)
    {
        if (!string.IsNullOrWhiteSpace(request.Monitor)) run.Monitor(request.Monitor.Trim(), request.MonitorGoal);
    }
}
