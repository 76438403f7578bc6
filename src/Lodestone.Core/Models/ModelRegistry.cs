using Lodestone.Data;
using Lodestone.Trainers;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Models;

/// <summary>
/// The model versions of each project: registers what completed runs saved (numbering them per model, creating the model with its first), finds
/// them, walks their lineage, and checks that a run may continue from one.
/// </summary>
public sealed class ModelRegistry(LodestoneDb db, RunFiles files, TrainerCatalog trainers)
{
    /// <summary>Lineage walks stop here, so a corrupted cycle cannot loop forever.</summary>
    private const int MaxLineage = 1000;

    public DbSet<ModelVersion> Versions => db.Set<ModelVersion>();

    public Task<ModelVersion?> FindAsync(Guid projectId, Guid versionId, CancellationToken cancellationToken = default) =>
        Versions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId && v.ProjectId == projectId, cancellationToken);

    /// <summary>Versions of a project, by model name then newest first; optionally of one model name or trainer kind.</summary>
    public Task<List<ModelVersion>> ListAsync(Guid projectId, string? modelName = null, string? trainerKind = null,
        CancellationToken cancellationToken = default)
    {
        var query = Versions.AsNoTracking().Where(v => v.ProjectId == projectId);
        if (!string.IsNullOrWhiteSpace(modelName)) query = query.Where(v => v.ModelName == modelName);
        if (!string.IsNullOrWhiteSpace(trainerKind)) query = query.Where(v => v.TrainerKind == trainerKind);
        return query.OrderBy(v => v.ModelName).ThenByDescending(v => v.Number).ToListAsync(cancellationToken);
    }

    /// <summary>The version's ancestors, parent first, up to the version that started from scratch.</summary>
    public async Task<List<ModelVersion>> AncestorsAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        var chain = new List<ModelVersion>();
        var seen = new HashSet<Guid> { version.Id };
        var next = version.ParentVersionId;
        while (next is { } id && seen.Add(id) && chain.Count < MaxLineage)
        {
            var parent = await FindAsync(version.ProjectId, id, cancellationToken);
            if (parent is null) break;
            chain.Add(parent);
            next = parent.ParentVersionId;
        }
        return chain;
    }

    /// <summary>The versions the given runs produced, by run id (runs that produced none are absent).</summary>
    public async Task<Dictionary<Guid, ModelVersion>> ProducedByAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken = default)
    {
        if (runIds.Count == 0) return [];
        // A clone shares its original's source run; the run produced the original.
        var versions = await Versions.AsNoTracking().Where(v => runIds.Contains(v.SourceRunId) && v.ClonedFromVersionId == null).ToListAsync(cancellationToken);
        return versions.ToDictionary(v => v.SourceRunId);
    }

    /// <summary>The versions with these ids, by id (for showing which version runs continue from).</summary>
    public async Task<Dictionary<Guid, ModelVersion>> ByIdAsync(IReadOnlyCollection<Guid> versionIds, CancellationToken cancellationToken = default)
    {
        if (versionIds.Count == 0) return [];
        var versions = await Versions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToListAsync(cancellationToken);
        return versions.ToDictionary(v => v.Id);
    }

    /// <summary>
    /// The version a new <paramref name="trainerKind"/> run of <paramref name="projectId"/> continues from, or an
    /// <see cref="InvalidInputException"/> saying why it cannot: it is not in the project, it is another kind (weights
    /// and trees only carry over within one kind), or the run refits and a dataset the version was trained on is gone.
    /// </summary>
    public async Task<ModelVersion> ParentForRunAsync(Guid projectId, Guid versionId, string trainerKind, CancellationToken cancellationToken = default)
    {
        var parent = await FindAsync(projectId, versionId, cancellationToken)
            ?? throw new InvalidInputException($"There is no model version {versionId} in this project to continue from.");
        if (!string.Equals(parent.TrainerKind, trainerKind.Trim(), StringComparison.Ordinal))
            throw new InvalidInputException(
                $"Model version {parent.ModelName} v{parent.Number} is a {parent.TrainerKind} model; a {trainerKind.Trim()} run cannot continue from it. Continue it with a {parent.TrainerKind} run, or start {trainerKind.Trim()} from scratch.");
        // A warm start reads only the parent's saved model; every other kind reads the parent's datasets again.
        if (trainers.Find(parent.TrainerKind) is not null and not IWarmStartTrainer)
        {
            var ids = parent.Datasets.Select(d => d.DatasetId).ToList();
            var present = await db.Datasets.AsNoTracking().Where(d => d.ProjectId == projectId && ids.Contains(d.Id)).Select(d => d.Id)
                .ToListAsync(cancellationToken);
            var missing = InheritedDatasets.MissingFrom(parent, present);
            if (missing.Count > 0) throw new InvalidInputException(InheritedDatasets.MissingMessage(parent, missing));
        }
        return parent;
    }

    /// <summary>The folder holding the version's saved model.</summary>
    public string ArtifactFolder(ModelVersion version) => files.ArtifactPath(version.ProjectId, version.SourceRunId, version.ArtifactPath);

    /// <summary>
    /// Stores a version trained by its source run and gives it the next number of its model, creating the model (named
    /// as the version says, its author the run's owner) with its first version. Registering again for the same run (a
    /// resumed run trained once more) updates that version instead of adding one. Two runs finishing at once may pick
    /// the same number, or both create the model; the unique indexes make one lose, and it tries again.
    /// </summary>
    public async Task<ModelVersion> RegisterAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await Versions.FirstOrDefaultAsync(v => v.SourceRunId == version.SourceRunId && v.ClonedFromVersionId == null, cancellationToken);
            if (existing is not null)
            {
                existing.Refresh(version);
                await db.SaveChangesAsync(cancellationToken);
                return existing;
            }
            var model = await db.Set<Model>().FirstOrDefaultAsync(m => m.ProjectId == version.ProjectId && m.Name == version.ModelName, cancellationToken);
            if (model is null)
            {
                var author = await db.Set<TrainingRun>().Where(r => r.Id == version.SourceRunId)
                    .Join(db.Users, r => r.OwnerId, u => u.Id, (r, u) => u.UserName).FirstOrDefaultAsync(cancellationToken);
                model = Model.ForFirstVersion(version, author);
                db.Add(model);
            }
            model.VersionAdded(version.Task, version.CreatedAt);
            version.BelongsTo(model);
            var last = await Versions.Where(v => v.ModelId == model.Id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0;
            version.Numbered(last + 1);
            db.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return version;
            }
            catch (DbUpdateException) when (attempt < 10)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
