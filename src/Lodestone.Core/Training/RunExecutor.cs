using Lodestone.Data;
using Lodestone.Features;
using Lodestone.Models;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lodestone.Training;

/// <summary>
/// Trains one internal run, start to end, in whatever process the job engine runs it. Reentrant: it takes the run only
/// when it is queued (or abandoned by a dead worker) and claims it with the state as concurrency token, so a job that
/// runs twice, or on two workers, trains the run once. A run resumes from its newest checkpoint.
/// </summary>
public sealed class RunExecutor(IServiceScopeFactory scopes, TrainerCatalog trainers, RunFiles files, RunEvents events,
    IOptions<RunExecutorOptions> options, TimeProvider clock, ILogger<RunExecutor> logger)
{
    /// <summary>The name this process gives itself as a worker: host and process id.</summary>
    public static string WorkerName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// Trains the run. <paramref name="processStopping"/> is the process shutting down: the run is then left
    /// interrupted, to be requeued on recovery and resumed from its checkpoint.
    /// </summary>
    public async Task ExecuteAsync(Guid runId, CancellationToken processStopping)
    {
        logger.LogDebug("Job for run {RunId} started", runId);
        var run = await ClaimAsync(runId, processStopping);
        if (run is null)
        {
            logger.LogDebug("Run {RunId} is not this job's to train (not queued, or held by a live worker)", runId);
            return;
        }
        logger.LogInformation("Training run {RunId} ({Trainer}), attempt {Attempt}", run.Id, run.TrainerKind, run.Attempt);

        await using var context = new RunTrainingContext(scopes, files, events, clock, logger, run, options.Value.FlushInterval, processStopping);
        try
        {
            var recipe = RunRecipeReader.FromStored(trainers, run);
            var trainer = trainers.Trainer(run.TrainerKind);
            var lineage = await PlanLineageAsync(run, recipe, trainer, context.CancellationToken);
            var trainerOptions = lineage.Recipe.Options;
            if (lineage.WarmStartFolder is { } parentModel) trainerOptions = ((IWarmStartTrainer)trainer).StartFrom(trainerOptions, parentModel);
            var all = await LoadWindowsAsync(run, lineage, context.CancellationToken);
            var split = RunEvaluation.SplitFor(trainer, trainerOptions, all);
            var data = split?.Train ?? all;
            var problems = trainer.Check(data, trainerOptions);
            if (problems.Count > 0) throw new RunSetupException($"The data do not suit {trainer.Kind}: {string.Join("; ", problems)}");

            var started = await ChangeHeldAsync(run, (r, now) => r.Start(now));
            if (started is null)
            {
                logger.LogWarning("Run {RunId} was taken from this worker while it prepared (attempt {Attempt}); leaving it", runId, run.Attempt);
                return;
            }
            if (lineage.Describe(run.DatasetIds.Count) is { } continuation) context.Log(TrainingLogLevel.Information, continuation);
            if (context.LatestCheckpoint is { } checkpoint)
                context.Log(TrainingLogLevel.Information, $"Resuming from the checkpoint after step {checkpoint.Step}.");
            if (split is not null)
                context.Log(TrainingLogLevel.Information, $"The latest {RunEvaluation.TestFraction:P0} by time ({split.Test.Count} windows) is held out for the report; the model is fitted on the other {split.Train.Count} and kept as fitted on them.");
            else if (RunEvaluation.IsEvaluable(trainer, all))
                context.Log(TrainingLogLevel.Warning, "Too few windows to hold out a test part; training on all of them, without a report.");
            context.Log(TrainingLogLevel.Information, $"{trainer.Kind} on {data.Count} windows of {data.Length} steps × {data.Channels.Count} channels.");
            var model = await trainer.FitAsync(data, trainerOptions, context);
            context.CancellationToken.ThrowIfCancellationRequested();

            var modelFolder = files.ArtifactPath(run.ProjectId, run.Id, RunLineage.ModelFolder);
            if (Directory.Exists(modelFolder)) Directory.Delete(modelFolder, recursive: true);
            Directory.CreateDirectory(modelFolder);
            model.Save(modelFolder);
            context.Log(TrainingLogLevel.Information, "Training finished; the model is saved.");
            await context.FlushAsync();
            if (split is not null) await EvaluateAsync(run, model, trainerOptions, split, context);
            var final = await FinalMetricsAsync(runId);
            // The version exists before the run reads as completed, so whoever sees the run completed finds its version.
            var names = await DatasetNamesAsync(run.ProjectId, lineage.DatasetIds);
            var version = await RegisterAsync(lineage.VersionOf(run, model, all, data, final, names, clock.GetUtcNow().UtcDateTime));
            context.Log(TrainingLogLevel.Information, $"Registered {version.ModelName} v{version.Number}.");
            // Queued before the run reads as completed, so that whoever sees it completed finds its detector's batches.
            await PredictTrainingDataAsync(version, run.OwnerId);
            await context.FlushAsync();
            await ChangeHeldAsync(run, (r, now) => r.Complete(final, now));
        }
        catch (OperationCanceledException) when (context.Lost)
        {
            // Not a cancellation: the run is another attempt's now (or already ended); its state is not ours to change.
            logger.LogWarning("Run {RunId} is no longer held by this worker (attempt {Attempt}); stopping without changing it", runId, run.Attempt);
        }
        catch (OperationCanceledException) when (context.StopRequested)
        {
            context.Log(TrainingLogLevel.Warning, "Cancelled.");
            await ChangeHeldAsync(run, (r, now) => r.Cancel(now));
        }
        catch (OperationCanceledException) when (processStopping.IsCancellationRequested)
        {
            context.Log(TrainingLogLevel.Warning, "The worker stopped; the run continues from its last checkpoint when it is picked up again.");
            await ChangeHeldAsync(run, (r, now) => r.Interrupt(now));
        }
        catch (Exception e)
        {
            var expected = e is RunSetupException or TrainerDataException or InvalidInputException;
            var reason = expected ? e.Message : $"{e.GetType().Name}: {e.Message}";
            // A run that cannot start as configured is the user's to fix, not a fault of this process: no stack trace.
            if (expected) logger.LogWarning("Run {RunId} failed: {Reason}", runId, reason);
            else logger.LogWarning(e, "Run {RunId} failed", runId);
            context.Log(TrainingLogLevel.Error, reason);
            await ChangeHeldAsync(run, (r, now) => r.Fail(reason, now));
        }
    }

    /// <summary>Takes the run if it is ours to train: the run decides (<see cref="TrainingRun.TryClaim"/>).</summary>
    private async Task<TrainingRun?> ClaimAsync(Guid runId, CancellationToken cancellationToken)
    {
        var staleAfter = options.Value.StaleAfter;
        string? interrupted = null;
        var claim = await ChangeAsync(runId, (r, now) =>
        {
            // Said before the claim moves it: the log tells whoever opens the run why its earlier attempt ended.
            interrupted = r.IsStale(now, staleAfter) ? RunInterruption.HeartbeatStale(r, staleAfter) : null;
            return r.TryClaim(WorkerName, RunHardware.OfThisMachine(), now, staleAfter);
        }, cancellationToken);
        if (interrupted is not null && claim is ({ } interruptedRun, _))
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TrainingService>().AppendLogAsync(interruptedRun.Id, interruptedRun.ProjectId, TrainingLogLevel.Warning, interrupted, cancellationToken);
        }
        return claim is ({ } run, RunClaim.Claimed) ? run : null;
    }

    private async Task<RunLineage> PlanLineageAsync(TrainingRun run, RunRecipe recipe, ITrainer trainer, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await RunLineage.PlanAsync(run, recipe, trainer, scope.ServiceProvider.GetRequiredService<ModelRegistry>(), cancellationToken);
    }

    private async Task<WindowSet> LoadWindowsAsync(TrainingRun run, RunLineage lineage, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var source = scope.ServiceProvider.GetService<IWindowSource>()
            ?? throw new RunSetupException("This process has no sample store to read training windows from.");
        return await source.LoadAsync(new WindowRequest(run.ProjectId, run.Id, lineage.DatasetIds, lineage.Recipe,
            lineage.WarmStartFolder is null ? lineage.Parent : null), cancellationToken);
    }

    /// <summary>The names of the run's datasets, for the version's lineage to keep.</summary>
    private async Task<Dictionary<Guid, string>> DatasetNamesAsync(Guid projectId, IReadOnlyList<Guid> datasetIds)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LodestoneDb>().Datasets.AsNoTracking()
            .Where(d => d.ProjectId == projectId && datasetIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name);
    }

    /// <summary>
    /// A detector scores its own training data, so that its run page shows what it flagged there: batches like any
    /// other, queued as the run completes. A failure to queue them is logged; the run completes all the same.
    /// </summary>
    private async Task PredictTrainingDataAsync(ModelVersion version, Guid ownerId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (scope.ServiceProvider.GetService<Predictions.PredictionService>() is { } predictions)
                await predictions.StartForTrainingDataAsync(version, ownerId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Predictions of {Model} v{Version} over its training data could not be queued", version.ModelName, version.Number);
        }
    }

    private async Task<ModelVersion> RegisterAsync(ModelVersion version)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ModelRegistry>().RegisterAsync(version);
    }

    /// <summary>Writes the held-out report under the run's files and records its headline metrics at the last step.</summary>
    private async Task EvaluateAsync(TrainingRun run, ITrainedModel model, TrainerOptions trainerOptions, TimeSplit split,
        RunTrainingContext context)
    {
        List<Metric> history;
        await using (var scope = scopes.CreateAsyncScope())
            history = await scope.ServiceProvider.GetRequiredService<MetricStore>().AllAsync(run.Id, context.CancellationToken);
        var curves = history.GroupBy(m => (m.Key, Step: (int)m.Step)).ToDictionary(g => g.Key, g => g.Last().Value);
        var evaluation = await Task.Run(() => RunEvaluation.Evaluate(model, trainerOptions, split.Test, curves, RunEvaluation.Details(run, split)),
            context.CancellationToken);
        if (evaluation is not { } result)
        {
            context.Log(TrainingLogLevel.Information, $"No report: a {model.Task} model's predictions on these labels are not evaluated here.");
            return;
        }
        var folder = files.ArtifactPath(run.ProjectId, run.Id, RunEvaluation.ReportFolder);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        result.Report.WriteTo(folder);
        context.ReportMetrics(history.Count == 0 ? 0 : (int)history.Max(m => m.Step), result.Metrics);
        context.Log(TrainingLogLevel.Information, "Held-out test: " + string.Join(", ",
            result.Metrics.Select(m => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m.Key} {m.Value:0.###}"))) + $"; report in {RunEvaluation.ReportFolder}/.");
        await context.FlushAsync();
    }

    private async Task<Dictionary<string, double>> FinalMetricsAsync(Guid runId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var latest = await scope.ServiceProvider.GetRequiredService<MetricStore>().LatestAsync([runId]);
        return latest.TryGetValue(runId, out var metrics) ? metrics.ToDictionary(m => m.Key, m => m.Value.Value) : [];
    }

    /// <summary>
    /// Applies <paramref name="change"/> only while the run is still held by this attempt: a worker whose run was
    /// taken over after its heartbeat went stale must not start, finish or fail the attempt that holds it now.
    /// Returns the changed run, or null when the run is no longer this attempt's.
    /// </summary>
    private async Task<TrainingRun?> ChangeHeldAsync(TrainingRun claimed, Action<TrainingRun, DateTime> change)
    {
        var changed = await ChangeAsync(claimed.Id, (r, now) =>
        {
            if (!r.IsHeldBy(claimed.Attempt)) return false;
            change(r, now);
            return true;
        });
        return changed is ({ } run, true) ? run : null;
    }

    private async Task<(TrainingRun Run, T Result)?> ChangeAsync<T>(Guid runId, Func<TrainingRun, DateTime, T> change,
        CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TrainingService>().ChangeAsync(runId, change, cancellationToken);
    }
}
