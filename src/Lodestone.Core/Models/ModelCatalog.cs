using Lodestone.Data;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Models;

/// <summary>
/// The models of each project as things people manage: their metadata, their aliases, labels and notes on their
/// versions, clones, and suggested names. <see cref="ModelRegistry"/> registers the versions runs train.
/// </summary>
public sealed class ModelCatalog(LodestoneDb db, TimeProvider clock)
{
    private DbSet<Model> Models => db.Set<Model>();
    private DbSet<ModelVersion> Versions => db.Set<ModelVersion>();
    private DbSet<ModelAlias> Aliases => db.Set<ModelAlias>();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<List<Model>> ListAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        Models.AsNoTracking().Where(m => m.ProjectId == projectId).OrderBy(m => m.Name).ToListAsync(cancellationToken);

    public Task<Model?> FindAsync(Guid projectId, string name, CancellationToken cancellationToken = default) =>
        Models.AsNoTracking().FirstOrDefaultAsync(m => m.ProjectId == projectId && m.Name == name, cancellationToken);

    /// <summary>The aliases of these models, by model id, each with the number of the version it points at.</summary>
    public async Task<Dictionary<Guid, List<(string Alias, int Number)>>> AliasesAsync(IReadOnlyCollection<Guid> modelIds, CancellationToken cancellationToken = default)
    {
        var rows = await Aliases.AsNoTracking().Where(a => modelIds.Contains(a.ModelId))
            .Join(Versions, a => a.VersionId, v => v.Id, (a, v) => new { a.ModelId, a.Name, v.Number }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ModelId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => (r.Name, r.Number)).ToList());
    }

    /// <exception cref="ModelNameTakenException">The name is taken.</exception>
    public async Task<Model> CreateAsync(Guid projectId, NewModel request, CancellationToken cancellationToken = default)
    {
        var name = string.IsNullOrWhiteSpace(request.Name)
            ? await SuggestNameAsync(projectId, request.Task, [], request.DatasetIds, cancellationToken)
            : Model.CheckName(request.Name);
        var model = Model.Create(projectId, name, request.Task, request.Author, Now);
        model.Change(request.Metadata, model.CreatedAt);
        await AddAsync(model, cancellationToken);
        return model;
    }

    /// <summary>Applies <paramref name="change"/> to the model; null when the project has no such model.</summary>
    public async Task<Model?> ChangeAsync(Guid projectId, string name, ModelChange change, CancellationToken cancellationToken = default)
    {
        var model = await Models.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.Name == name, cancellationToken);
        if (model is null) return null;
        model.Change(change, Now);
        await db.SaveChangesAsync(cancellationToken);
        return model;
    }

    /// <summary>Sets the label and notes of version <paramref name="number"/>; null when there is no such version.</summary>
    public async Task<ModelVersion?> DescribeVersionAsync(Guid projectId, string name, int number, string? versionLabel, string? notes,
        CancellationToken cancellationToken = default)
    {
        var version = await Versions.FirstOrDefaultAsync(v => v.ProjectId == projectId && v.ModelName == name && v.Number == number, cancellationToken);
        if (version is null) return null;
        version.Describe(versionLabel, notes);
        await db.SaveChangesAsync(cancellationToken);
        return version;
    }

    /// <summary>
    /// Points <paramref name="alias"/> at version <paramref name="number"/> of the model, creating it or moving it. A
    /// move is one UPDATE of the alias row, so whoever resolves the alias meanwhile gets the old version or the new one.
    /// Null when the project has no such model.
    /// </summary>
    /// <exception cref="InvalidInputException">The alias name does not qualify, or the model has no such version.</exception>
    public async Task<ModelAlias?> SetAliasAsync(Guid projectId, string name, string alias, int number, CancellationToken cancellationToken = default)
    {
        alias = ModelAlias.CheckName(alias);
        var model = await FindAsync(projectId, name, cancellationToken);
        if (model is null) return null;
        var versionId = await Versions.Where(v => v.ModelId == model.Id && v.Number == number).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidInputException($"{model.Name} has no version {number}.");
        for (var attempt = 0; ; attempt++)
        {
            var now = Now;
            var moved = await Aliases.Where(a => a.ModelId == model.Id && a.Name == alias)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.VersionId, versionId).SetProperty(a => a.UpdatedAt, now), cancellationToken);
            if (moved == 0)
            {
                var created = new ModelAlias(model.Id, alias, versionId, now);
                db.Add(created);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    // Another request created it first: move it instead.
                    db.Entry(created).State = EntityState.Detached;
                    continue;
                }
            }
            return await Aliases.AsNoTracking().SingleAsync(a => a.ModelId == model.Id && a.Name == alias, cancellationToken);
        }
    }

    /// <summary>Removes the alias; false when the model or the alias does not exist.</summary>
    public async Task<bool> DeleteAliasAsync(Guid projectId, string name, string alias, CancellationToken cancellationToken = default)
    {
        var model = await FindAsync(projectId, name, cancellationToken);
        return model is not null && await Aliases.Where(a => a.ModelId == model.Id && a.Name == alias).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>The version the alias points at, or null when the model or the alias does not exist.</summary>
    public async Task<ModelVersion?> VersionByAliasAsync(Guid projectId, string name, string alias, CancellationToken cancellationToken = default)
    {
        var model = await FindAsync(projectId, name, cancellationToken);
        if (model is null) return null;
        return await Aliases.Where(a => a.ModelId == model.Id && a.Name == alias)
            .Join(Versions, a => a.VersionId, v => v.Id, (a, v) => v).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// A new model with the source's metadata, its versions' facts copied as versions 1, 2… in the same order (each
    /// naming the version it was cloned from and sharing its saved model), their datasets only
    /// <paramref name="withTrainingData"/>. Without a name, one is suggested from the source's newest version. Aliases
    /// stay with the source: a clone is not in production because its original is. Null when there is no source model.
    /// </summary>
    /// <exception cref="ModelNameTakenException">The name is taken.</exception>
    public async Task<Model?> CloneAsync(Guid projectId, string sourceName, string? name, bool withTrainingData, string? author,
        CancellationToken cancellationToken = default)
    {
        var source = await FindAsync(projectId, sourceName, cancellationToken);
        if (source is null) return null;
        var versions = await Versions.AsNoTracking().Where(v => v.ModelId == source.Id).OrderBy(v => v.Number).ToListAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(name))
        {
            var latest = versions.LastOrDefault();
            name = await SuggestNameAsync(projectId, source.Task, latest?.Labels.Select(l => new KeyValuePair<string, long>(l, 1)) ?? [],
                latest?.Datasets.Select(d => d.DatasetId).ToList() ?? [], cancellationToken);
        }
        var now = Now;
        var clone = source.CloneAs(name, author, now);
        await EnsureFreeAsync(clone, cancellationToken);
        var copies = new Dictionary<Guid, Guid>();
        foreach (var version in versions)
        {
            var parent = version.ParentVersionId is { } p ? copies.GetValueOrDefault(p, p) : (Guid?)null;
            var copy = version.CloneInto(clone, copies.Count + 1, parent, withTrainingData, now);
            copies[version.Id] = copy.Id;
            db.Add(copy);
        }
        await AddAsync(clone, cancellationToken);
        return clone;
    }

    /// <summary>
    /// A name no model of the project has, from the task, the labels (with how often each occurs) and the datasets the
    /// model learns from (their number and samples); see <see cref="ModelNameGenerator"/>.
    /// </summary>
    public async Task<string> SuggestNameAsync(Guid projectId, TrainingTask? task, IEnumerable<KeyValuePair<string, long>> labels,
        IReadOnlyCollection<Guid> datasetIds, CancellationToken cancellationToken = default, string? sensor = null)
    {
        var rows = await db.Datasets.AsNoTracking().Where(d => d.ProjectId == projectId && datasetIds.Contains(d.Id)).SumAsync(d => d.RowCount, cancellationToken);
        var taken = await Models.Where(m => m.ProjectId == projectId).Select(m => m.Name).ToListAsync(cancellationToken);
        return ModelNameGenerator.Generate(task, labels, datasetIds.Distinct().Count(), rows, taken, sensor);
    }

    private async Task EnsureFreeAsync(Model model, CancellationToken cancellationToken)
    {
        if (await Models.AnyAsync(m => m.ProjectId == model.ProjectId && m.Name == model.Name, cancellationToken))
            throw new ModelNameTakenException(model.Name);
    }

    /// <summary>Stores the new model (and whatever else is added); a name taken meanwhile loses to the unique index.</summary>
    private async Task AddAsync(Model model, CancellationToken cancellationToken)
    {
        await EnsureFreeAsync(model, cancellationToken);
        db.Add(model);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            throw new ModelNameTakenException(model.Name);
        }
    }
}
