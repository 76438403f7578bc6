using Lodestone.Data;
using Lodestone.Models;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Predictions;

/// <summary>
/// Prediction batches of each project: start one (checked before it is queued), find and list them, cancel or delete
/// them, and change one with its state as the concurrency token. Detectors start batches over their training data
/// when their run completes (<see cref="StartForTrainingDataAsync"/>).
/// </summary>
public sealed class PredictionService(LodestoneDb db, ModelCatalog catalog, PredictionStore store, PredictionEvents events,
    IServiceProvider services, TimeProvider clock)
{
    public DbSet<PredictionBatch> Batches => db.Set<PredictionBatch>();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The batches of a project, newest first; optionally of one dataset, of one model version, or completed only.</summary>
    public Task<List<PredictionBatch>> ListAsync(Guid projectId, Guid? datasetId = null, Guid? versionId = null, bool completedOnly = false,
        CancellationToken cancellationToken = default)
    {
        var query = Batches.AsNoTracking().Where(b => b.ProjectId == projectId);
        if (datasetId is { } d) query = query.Where(b => b.DatasetId == d);
        if (versionId is { } v) query = query.Where(b => b.ModelVersionId == v);
        if (completedOnly) query = query.Where(b => b.State == PredictionBatchState.Completed);
        return query.OrderByDescending(b => b.CreatedAt).ToListAsync(cancellationToken);
    }

    public Task<PredictionBatch?> FindAsync(Guid projectId, Guid batchId, CancellationToken cancellationToken = default) =>
        Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId && b.ProjectId == projectId, cancellationToken);

    /// <summary>Checks the request, stores the batch queued and hands it to the job engine.</summary>
    /// <exception cref="InvalidInputException">A field is missing or names nothing in the project; the message names it.</exception>
    public async Task<PredictionBatch> CreateAsync(Guid projectId, NewPredictionBatch request, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(projectId, request, cancellationToken);
        if (request.DatasetId is not { } datasetId) throw new InvalidInputException("datasetId: give the dataset to predict over.");
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId && d.ProjectId == projectId, cancellationToken)
            ?? throw new InvalidInputException($"datasetId: the project has no dataset {datasetId}.");
        PredictionChecks.Check(version, dataset);
        var batch = PredictionBatch.Create(projectId, version.Id, version.ModelName, version.Number, version.Task, dataset.Id, request.CreatedBy, Now);
        return await QueueAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Batches of a detector version over each of its training datasets that still has samples, so that its run page
    /// can show what it scored and flagged there; none for other tasks, and none twice for one run and dataset.
    /// </summary>
    public async Task<List<PredictionBatch>> StartForTrainingDataAsync(ModelVersion version, Guid? createdBy, CancellationToken cancellationToken = default)
    {
        if (version.Task != TrainingTask.AnomalyDetection) return [];
        var ids = version.Datasets.Select(d => d.DatasetId).ToList();
        var datasets = await db.Datasets.AsNoTracking().Where(d => d.ProjectId == version.ProjectId && ids.Contains(d.Id)).ToListAsync(cancellationToken);
        var started = await Batches.AsNoTracking().Where(b => b.SourceRunId == version.SourceRunId && b.ModelVersionId == version.Id)
            .Select(b => b.DatasetId).ToListAsync(cancellationToken);
        var batches = new List<PredictionBatch>();
        foreach (var dataset in datasets.Where(d => !started.Contains(d.Id)))
        {
            try
            {
                PredictionChecks.Check(version, dataset);
            }
            catch (InvalidInputException)
            {
                // A training dataset the version cannot read (one without samples, generated windows) is skipped, not an error of the run.
                continue;
            }
            batches.Add(await QueueAsync(PredictionBatch.Create(version.ProjectId, version.Id, version.ModelName, version.Number, version.Task,
                dataset.Id, createdBy, Now, version.SourceRunId), cancellationToken));
        }
        return batches;
    }

    /// <summary>
    /// Cancels a queued or running batch (the worker stops at its next chunk and leaves no file), or deletes an ended one
    /// with its results. Null when the project has no such batch; else whether it was deleted (false: cancelled).
    /// </summary>
    public async Task<(PredictionBatch Batch, bool Deleted)?> CancelOrDeleteAsync(Guid projectId, Guid batchId, CancellationToken cancellationToken = default)
    {
        var batch = await FindAsync(projectId, batchId, cancellationToken);
        if (batch is null) return null;
        if (!batch.IsFinal)
        {
            var cancelled = await ChangeAsync(batchId, b => { if (!b.IsFinal) b.Cancel(Now); }, cancellationToken);
            if (cancelled is { State: PredictionBatchState.Cancelled }) return (cancelled, false);
            batch = cancelled ?? batch;
            if (!batch.IsFinal) return (batch, false);
        }
        await Batches.Where(b => b.Id == batchId).ExecuteDeleteAsync(cancellationToken);
        store.Delete(projectId, batchId);
        return (batch, true);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the newest state of the batch and saves it, trying again when another
    /// process changed it meanwhile; publishes the result. Null when the batch is gone.
    /// </summary>
    public async Task<PredictionBatch?> ChangeAsync(Guid batchId, Action<PredictionBatch> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var batch = await Batches.FirstOrDefaultAsync(b => b.Id == batchId, cancellationToken);
            if (batch is null) return null;
            change(batch);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 10)
            {
                continue;
            }
            Publish(batch);
            return batch;
        }
    }

    public void Publish(PredictionBatch batch) =>
        events.Publish(new PredictionBatchEvent(batch.Id, batch.ProjectId, batch.DatasetId, batch.State, batch.ProgressCompleted, batch.ProgressTotal));

    private async Task<PredictionBatch> QueueAsync(PredictionBatch batch, CancellationToken cancellationToken)
    {
        db.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        services.GetService<IPredictionScheduler>()?.Enqueue(batch.Id);
        Publish(batch);
        return batch;
    }

    private async Task<ModelVersion> ResolveAsync(Guid projectId, NewPredictionBatch request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ModelName)) throw new InvalidInputException("modelName: give the model whose version predicts.");
        var name = request.ModelName.Trim();
        var model = await catalog.FindAsync(projectId, name, cancellationToken)
            ?? throw new InvalidInputException($"modelName: the project has no model '{name}'.");
        if (request.Version is { } number)
        {
            if (!string.IsNullOrWhiteSpace(request.Alias)) throw new InvalidInputException("version: give a version number or an alias, not both.");
            return await db.Set<ModelVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.ModelId == model.Id && v.Number == number, cancellationToken)
                ?? throw new InvalidInputException($"version: {model.Name} has no version {number}.");
        }
        if (string.IsNullOrWhiteSpace(request.Alias)) throw new InvalidInputException("version: give a version number (\"version\": 3) or an alias (\"alias\": \"production\").");
        return await catalog.VersionByAliasAsync(projectId, model.Name, request.Alias.Trim(), cancellationToken)
            ?? throw new InvalidInputException($"alias: {model.Name} has no alias '{request.Alias.Trim()}'.");
    }
}
