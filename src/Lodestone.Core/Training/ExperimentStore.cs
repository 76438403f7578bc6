using Lodestone.Data;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// What MLflow keeps of an experiment beyond its project: its tags, its name (the project's) and whether it is deleted
/// (<see cref="Project.DeletedAt"/>). With a <see cref="RunDirectory"/> and a <see cref="MembershipCache"/>, a project
/// deleted or restored leaves both at once, with its runs and members.
/// </summary>
public sealed class ExperimentStore(LodestoneDb db, TimeProvider clock, RunDirectory? directory = null, MembershipCache? memberships = null)
{
    /// <summary>Sets a tag in one upsert, so that concurrent writers of different keys never overwrite each other.</summary>
    public Task SetTagAsync(Guid projectId, string key, string value, CancellationToken cancellationToken = default)
    {
        Check(key, value);
        return db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "ExperimentTags" ("ProjectId", "Key", "Value") VALUES ({0}, {1}, {2}) ON CONFLICT ("ProjectId", "Key") DO UPDATE SET "Value" = excluded."Value";""",
            [IdOf(projectId), key, value], cancellationToken);
    }

    /// <summary>Throws <see cref="InvalidInputException"/> when a tag's key or value is out of MLflow's limits.</summary>
    public static void Check(string? key, string value)
    {
        RunRecords.CheckKey(key, "tag");
        if (value.Length > ExperimentTag.MaxValueLength) throw new InvalidInputException($"Tag '{key}' is longer than {ExperimentTag.MaxValueLength} characters.");
    }

    /// <summary>Removes a tag; false when the experiment had none of that key.</summary>
    public async Task<bool> DeleteTagAsync(Guid projectId, string key, CancellationToken cancellationToken = default) =>
        await db.Set<ExperimentTag>().Where(t => t.ProjectId == projectId && t.Key == key).ExecuteDeleteAsync(cancellationToken) > 0;

    public async Task<Dictionary<Guid, List<ExperimentTag>>> TagsAsync(IReadOnlyCollection<Guid> projectIds, CancellationToken cancellationToken = default) =>
        (await db.Set<ExperimentTag>().AsNoTracking().Where(t => projectIds.Contains(t.ProjectId)).ToListAsync(cancellationToken))
            .GroupBy(t => t.ProjectId).ToDictionary(g => g.Key, g => g.OrderBy(t => t.Key, StringComparer.Ordinal).ToList());

    /// <summary>
    /// Renames the project behind an experiment; the name must be free among the projects <paramref name="userId"/>
    /// sees, deleted ones too (MLflow keeps a deleted experiment's name taken until it is purged).
    /// </summary>
    public async Task RenameAsync(Guid projectId, Guid userId, string name, ProjectService projects, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200) throw new InvalidInputException("An experiment's name has 1 to 200 characters.");
        if ((await projects.ListWithDeletedForUserAsync(userId, cancellationToken)).Any(p => p.Id != projectId && p.Name == name))
            throw new InvalidInputException($"An experiment named '{name}' already exists.");
        await db.Set<Project>().Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, name), cancellationToken);
    }

    /// <summary>
    /// Deletes the experiment as MLflow does: the project and its runs are marked deleted, at one time and in one
    /// transaction. False when the project was already deleted (or does not exist).
    /// </summary>
    public Task<bool> DeleteAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        // Whole milliseconds, so that the time reads back equal from either provider when the project is restored.
        var now = DateTime.UnixEpoch.AddMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        return ChangeAsync(projectId, async ct =>
        {
            if (await db.Set<Project>().Where(p => p.Id == projectId && p.DeletedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, now), ct) == 0)
                return false;
            await db.Set<TrainingRun>().Where(r => r.ProjectId == projectId && r.DeletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, now), ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Restores a deleted experiment with the runs deleted with it; runs deleted before it stay deleted (MLflow's own
    /// store restores every run of the experiment, bringing back runs the user had deleted on purpose). False when the
    /// project was not deleted (or does not exist).
    /// </summary>
    public Task<bool> RestoreAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        ChangeAsync(projectId, async ct =>
        {
            var deletedAt = await db.Set<Project>().Where(p => p.Id == projectId).Select(p => p.DeletedAt).FirstOrDefaultAsync(ct);
            if (deletedAt is null) return false;
            await db.Set<TrainingRun>().Where(r => r.ProjectId == projectId && r.DeletedAt == deletedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, (DateTime?)null), ct);
            return await db.Set<Project>().Where(p => p.Id == projectId && p.DeletedAt == deletedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.DeletedAt, (DateTime?)null), ct) > 0;
        }, cancellationToken);

    // One transaction, taking the SQLite writer's turn as metric writes do; the caches forget the project after.
    private async Task<bool> ChangeAsync(Guid projectId, Func<CancellationToken, Task<bool>> change, CancellationToken cancellationToken)
    {
        var sqlite = db.Database.IsSqlite();
        if (sqlite) await MetricUpsert.SqliteWriter.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await change(cancellationToken)) return false;
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (sqlite) MetricUpsert.SqliteWriter.Release();
        }
        directory?.EvictProject(projectId);
        memberships?.EvictProject(projectId);
        return true;
    }

    // EF stores a Guid in SQLite as upper-case text, which a raw parameter does not know.
    private object IdOf(Guid id) => db.Database.IsSqlite() ? id.ToString().ToUpperInvariant() : id;
}
