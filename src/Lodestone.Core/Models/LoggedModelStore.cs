using Lodestone.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Models;

/// <summary>The logged models of MLflow 3 clients (see <see cref="LoggedModel"/>): created, found, changed, searched, deleted.</summary>
public sealed class LoggedModelStore(LodestoneDb db, TimeProvider clock)
{
    private DbSet<LoggedModel> Models => db.Set<LoggedModel>();

    public async Task<LoggedModel> AddAsync(LoggedModel model, CancellationToken cancellationToken = default)
    {
        db.Add(model);
        await db.SaveChangesAsync(cancellationToken);
        return model;
    }

    public Task<LoggedModel?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);

    /// <summary>The logged models of these projects, newest first.</summary>
    public async Task<List<LoggedModel>> ListAsync(IReadOnlyCollection<Guid> projectIds, CancellationToken cancellationToken = default) =>
        (await Models.AsNoTracking().Where(m => projectIds.Contains(m.ProjectId)).ToListAsync(cancellationToken))
            .OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();

    /// <summary>The logged models a run produced, oldest first.</summary>
    public async Task<List<LoggedModel>> OfRunAsync(Guid runId, CancellationToken cancellationToken = default) =>
        (await Models.AsNoTracking().Where(m => m.SourceRunId == runId).ToListAsync(cancellationToken)).OrderBy(m => m.CreatedAt).ToList();

    /// <summary>Applies <paramref name="change"/> and saves; null when there is no such logged model.</summary>
    public async Task<LoggedModel?> ChangeAsync(string id, Action<LoggedModel, DateTime> change, CancellationToken cancellationToken = default)
    {
        var model = await Models.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (model is null) return null;
        change(model, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return model;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await Models.Where(m => m.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
}
