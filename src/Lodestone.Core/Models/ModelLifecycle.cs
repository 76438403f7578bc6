using Lodestone.Data;
using Lodestone.Trainers;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Models;

/// <summary>
/// What the MLflow registry does to models beyond <see cref="ModelCatalog"/>: renaming and deleting models and
/// versions, moving a model that has no version yet, registering an outside run's files as a version on request,
/// and the tags of versions.
/// </summary>
public sealed class ModelLifecycle(LodestoneDb db, ModelRegistry registry, TimeProvider clock)
{
    private DbSet<Model> Models => db.Set<Model>();
    private DbSet<ModelVersion> Versions => db.Set<ModelVersion>();
    private DbSet<ModelVersionTag> Tags => db.Set<ModelVersionTag>();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Every model of these projects by name (the MLflow registry resolves names across a caller's projects).</summary>
    public Task<List<Model>> NamedAsync(IReadOnlyCollection<Guid> projectIds, string name, CancellationToken cancellationToken = default) =>
        Models.AsNoTracking().Where(m => projectIds.Contains(m.ProjectId) && m.Name == name).ToListAsync(cancellationToken);

    public Task<List<Model>> ListAsync(IReadOnlyCollection<Guid> projectIds, CancellationToken cancellationToken = default) =>
        Models.AsNoTracking().Where(m => projectIds.Contains(m.ProjectId)).ToListAsync(cancellationToken);

    public Task<List<ModelVersion>> VersionsAsync(IReadOnlyCollection<Guid> modelIds, CancellationToken cancellationToken = default) =>
        Versions.AsNoTracking().Where(v => modelIds.Contains(v.ModelId)).ToListAsync(cancellationToken);

    public Task<ModelVersion?> VersionAsync(Guid modelId, int number, CancellationToken cancellationToken = default) =>
        Versions.AsNoTracking().FirstOrDefaultAsync(v => v.ModelId == modelId && v.Number == number, cancellationToken);

    /// <summary>Renames the model and its versions' copy of the name; null when it does not exist.</summary>
    /// <exception cref="ModelNameTakenException">The project has a model of the new name.</exception>
    public async Task<Model?> RenameAsync(Guid modelId, string newName, CancellationToken cancellationToken = default)
    {
        var model = await Models.FirstOrDefaultAsync(m => m.Id == modelId, cancellationToken);
        if (model is null) return null;
        var name = Model.CheckName(newName);
        if (name == model.Name) return model;
        if (await Models.AnyAsync(m => m.ProjectId == model.ProjectId && m.Name == name, cancellationToken)) throw new ModelNameTakenException(name);
        model.Rename(name, Now);
        foreach (var version in await Versions.Where(v => v.ModelId == model.Id).ToListAsync(cancellationToken)) version.BelongsTo(model);
        await SaveAsync(() => new ModelNameTakenException(name), cancellationToken);
        return model;
    }

    /// <summary>Moves a model without versions into another project (see <see cref="Model.MoveTo"/>).</summary>
    /// <exception cref="ModelNameTakenException">The other project has a model of that name.</exception>
    public async Task<Model> MoveAsync(Guid modelId, Guid projectId, CancellationToken cancellationToken = default)
    {
        var model = await Models.SingleAsync(m => m.Id == modelId, cancellationToken);
        if (await Models.AnyAsync(m => m.ProjectId == projectId && m.Name == model.Name, cancellationToken)) throw new ModelNameTakenException(model.Name);
        model.MoveTo(projectId, await Versions.CountAsync(v => v.ModelId == model.Id, cancellationToken), Now);
        await SaveAsync(() => new ModelNameTakenException(model.Name), cancellationToken);
        return model;
    }

    /// <summary>
    /// Deletes the model with its versions, aliases and tags; false when it does not exist. The files stay with the
    /// runs that made them.
    /// </summary>
    /// <exception cref="InvalidInputException">Versions of another model were cloned from or continue from its versions.</exception>
    public async Task<bool> DeleteModelAsync(Guid modelId, CancellationToken cancellationToken = default)
    {
        var model = await Models.FirstOrDefaultAsync(m => m.Id == modelId, cancellationToken);
        if (model is null) return false;
        var ids = await Versions.Where(v => v.ModelId == modelId).Select(v => v.Id).ToListAsync(cancellationToken);
        var dependant = await Versions.AsNoTracking().Where(v => v.ModelId != modelId
            && ((v.ParentVersionId != null && ids.Contains(v.ParentVersionId.Value)) || (v.ClonedFromVersionId != null && ids.Contains(v.ClonedFromVersionId.Value))))
            .FirstOrDefaultAsync(cancellationToken);
        if (dependant is not null)
            throw new InvalidInputException($"{dependant.ModelName} v{dependant.Number} continues from or was cloned from a version of {model.Name}; delete it first.");
        db.Remove(model);
        await SaveAsync(() => new InvalidInputException($"{model.Name} is still in use (a deployment serves one of its versions?)."), cancellationToken);
        return true;
    }

    /// <summary>Deletes version <paramref name="number"/> with its aliases and tags; false when it does not exist.</summary>
    /// <exception cref="InvalidInputException">Another version continues from or was cloned from it.</exception>
    public async Task<bool> DeleteVersionAsync(Guid modelId, int number, CancellationToken cancellationToken = default)
    {
        var version = await Versions.FirstOrDefaultAsync(v => v.ModelId == modelId && v.Number == number, cancellationToken);
        if (version is null) return false;
        var dependant = await Versions.AsNoTracking().FirstOrDefaultAsync(v => v.ParentVersionId == version.Id || v.ClonedFromVersionId == version.Id, cancellationToken);
        if (dependant is not null)
            throw new InvalidInputException($"{dependant.ModelName} v{dependant.Number} continues from or was cloned from {version.ModelName} v{number}; delete it first.");
        db.Remove(version);
        await SaveAsync(() => new InvalidInputException($"{version.ModelName} v{number} is still in use (a deployment serves it?)."), cancellationToken);
        return true;
    }

    /// <summary>
    /// Registers files of an outside run (<paramref name="artifactPath"/>, relative to the run's files folder) as the
    /// next version of <paramref name="model"/>, with the run's final metrics. Lodestone keeps one version per run (the
    /// run's lineage is one version), so a run registered before is refused.
    /// </summary>
    /// <exception cref="InvalidInputException">The run is in another project, or was registered before.</exception>
    public async Task<ModelVersion> RegisterOutsideAsync(Model model, TrainingRun run, string artifactPath, TrainingTask? task,
        IReadOnlyDictionary<string, double> metrics, string? description, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        if (run.ProjectId != model.ProjectId)
            throw new InvalidInputException($"run_id: the run is in another project than the model '{model.Name}'; a model's versions come from runs of its project.");
        if (await Versions.AsNoTracking().FirstOrDefaultAsync(v => v.SourceRunId == run.Id && v.ClonedFromVersionId == null, cancellationToken) is { } earlier)
            throw new RunAlreadyRegisteredException(run.Id, earlier.ModelName, earlier.Number);
        foreach (var key in tags.Keys) ModelVersionTag.CheckKey(key);
        // An outside run says nothing of its task; the model's (or the one the client tags) is taken, else classification.
        var version = ModelVersion.Create(model.ProjectId, model.Name, run.Id, null, run.TrainerKind, task ?? model.Task ?? TrainingTask.Classification,
            [], [], new ModelWindow(), metrics, artifactPath.Trim('/'), Now);
        version.Describe(null, description);
        var stored = await registry.RegisterAsync(version, cancellationToken);
        foreach (var (key, value) in tags) db.Add(new ModelVersionTag(stored.Id, key, value));
        await db.SaveChangesAsync(cancellationToken);
        return stored;
    }

    /// <summary>Sets the notes (MLflow's description) of a version; null when it does not exist.</summary>
    public async Task<ModelVersion?> DescribeAsync(Guid versionId, string description, CancellationToken cancellationToken = default)
    {
        var version = await Versions.FirstOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (version is null) return null;
        version.Describe(null, description);
        await db.SaveChangesAsync(cancellationToken);
        return version;
    }

    /// <summary>The tags of these versions, by version id.</summary>
    public async Task<Dictionary<Guid, List<ModelVersionTag>>> TagsAsync(IReadOnlyCollection<Guid> versionIds, CancellationToken cancellationToken = default)
    {
        var rows = await Tags.AsNoTracking().Where(t => versionIds.Contains(t.VersionId)).ToListAsync(cancellationToken);
        return rows.GroupBy(t => t.VersionId).ToDictionary(g => g.Key, g => g.OrderBy(t => t.Key, StringComparer.Ordinal).ToList());
    }

    public async Task SetTagAsync(Guid versionId, string key, string value, CancellationToken cancellationToken = default)
    {
        key = ModelVersionTag.CheckKey(key);
        for (var attempt = 0; ; attempt++)
        {
            var tag = await Tags.FirstOrDefaultAsync(t => t.VersionId == versionId && t.Key == key, cancellationToken);
            if (tag is null) db.Add(new ModelVersionTag(versionId, key, value));
            else tag.Set(value);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another request added the same key first: set it instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<bool> DeleteTagAsync(Guid versionId, string key, CancellationToken cancellationToken = default) =>
        await Tags.Where(t => t.VersionId == versionId && t.Key == key).ExecuteDeleteAsync(cancellationToken) > 0;

    private async Task SaveAsync(Func<Exception> conflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            throw conflict();
        }
    }
}
