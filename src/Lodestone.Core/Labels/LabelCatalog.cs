using Lodestone.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Labels;

/// <summary>
/// The label categories of each project: a project that has never had any starts with <see cref="DefaultLabelCategories"/>;
/// every change writes the next <see cref="LabelSetRevision"/> in the same transaction.
/// </summary>
public sealed class LabelCatalog(LodestoneDb db, TimeProvider clock)
{
    private static readonly string[] Palette = ["#17becf", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a"];

    private DbSet<LabelCategory> Categories => db.Set<LabelCategory>();
    private DbSet<LabelSetRevision> Revisions => db.Set<LabelSetRevision>();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The project's categories, those with a shortcut key first in key order, then by name.</summary>
    public async Task<List<LabelCategory>> ListAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await EnsureSeededAsync(projectId, cancellationToken);
        var all = await Categories.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync(cancellationToken);
        return [.. all.OrderBy(c => c.ShortcutKey is null).ThenBy(c => c.ShortcutKey, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>The newest revision of the project's label set.</summary>
    public async Task<LabelSetRevision> CurrentRevisionAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await EnsureSeededAsync(projectId, cancellationToken);
        return await Revisions.AsNoTracking().Where(r => r.ProjectId == projectId).OrderByDescending(r => r.Number).FirstAsync(cancellationToken);
    }

    /// <exception cref="InvalidInputException">A field does not qualify, or the name or key is taken.</exception>
    public async Task<LabelCategory> CreateAsync(Guid projectId, string name, string? color, string? shortcutKey, Guid? parentId,
        CancellationToken cancellationToken = default)
    {
        var existing = await ListAsync(projectId, cancellationToken);
        var category = LabelCategory.Create(projectId, name, color ?? Palette[existing.Count % Palette.Length], shortcutKey, parentId, Now);
        Check(category, existing);
        db.Add(category);
        await SaveWithRevisionAsync(projectId, [.. existing, category], cancellationToken);
        return category;
    }

    /// <summary>Changes a category; null when the project has no such category.</summary>
    /// <exception cref="InvalidInputException">A field does not qualify, the name or key is taken, or the parent would make a cycle.</exception>
    public async Task<LabelCategory?> ChangeAsync(Guid projectId, Guid id, string? name, string? color, string? shortcutKey, Guid? parentId,
        bool clearParent, CancellationToken cancellationToken = default)
    {
        await EnsureSeededAsync(projectId, cancellationToken);
        var all = await Categories.Where(c => c.ProjectId == projectId).ToListAsync(cancellationToken);
        var category = all.FirstOrDefault(c => c.Id == id);
        if (category is null) return null;
        category.Change(name, color, shortcutKey, parentId, clearParent);
        Check(category, all.Where(c => c.Id != id).ToList());
        if (category.ParentId is { } parent)
        {
            var byId = all.ToDictionary(c => c.Id);
            var steps = 0;
            for (var at = byId.GetValueOrDefault(parent); at is not null && steps++ <= all.Count; at = at.ParentId is { } p ? byId.GetValueOrDefault(p) : null)
                if (at.Id == category.Id) throw new InvalidInputException($"parentId: '{category.Name}' would become its own ancestor.");
        }
        await SaveWithRevisionAsync(projectId, all, cancellationToken);
        return category;
    }

    /// <summary>
    /// Deletes a category that no annotation and no child uses: false when there is none.
    /// </summary>
    /// <exception cref="InvalidInputException">Annotations or child categories use it.</exception>
    public async Task<bool> DeleteAsync(Guid projectId, Guid id, CancellationToken cancellationToken = default)
    {
        var all = await Categories.Where(c => c.ProjectId == projectId).ToListAsync(cancellationToken);
        var category = all.FirstOrDefault(c => c.Id == id);
        if (category is null) return false;
        var children = all.Where(c => c.ParentId == id).Select(c => c.Name).ToList();
        if (children.Count > 0) throw new InvalidInputException($"'{category.Name}' has child labels ({string.Join(", ", children)}); move or delete them first.");
        var used = await AnnotationsUsingAsync(projectId, id, cancellationToken);
        if (used > 0) throw new InvalidInputException($"{used} annotation(s) carry '{category.Name}'; relabel or delete them first.");
        Categories.Remove(category);
        await SaveWithRevisionAsync(projectId, all.Where(c => c.Id != id), cancellationToken);
        return true;
    }

    private async Task<int> AnnotationsUsingAsync(Guid projectId, Guid categoryId, CancellationToken cancellationToken)
    {
        // Labels are a JSON column, read here: deleting a label is rare and a project's annotations are human-sized.
        var candidates = await db.Set<Annotation>().AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.DeletedAt == null).ToListAsync(cancellationToken);
        return candidates.Count(a => a.Labels.Any(l => l.CategoryId == categoryId));
    }

    private static void Check(LabelCategory category, IReadOnlyCollection<LabelCategory> others)
    {
        if (others.Any(o => string.Equals(o.Name, category.Name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidInputException($"name: the project already has a label '{category.Name}'.");
        if (category.ShortcutKey is { } key && others.FirstOrDefault(o => o.ShortcutKey == key) is { } holder)
            throw new InvalidInputException($"shortcutKey: '{key}' already applies '{holder.Name}'.");
        if (category.ParentId is { } parent && others.All(o => o.Id != parent))
            throw new InvalidInputException($"parentId: the project has no label {parent}.");
    }

    private async Task SaveWithRevisionAsync(Guid projectId, IEnumerable<LabelCategory> categories, CancellationToken cancellationToken)
    {
        var last = await Revisions.Where(r => r.ProjectId == projectId).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0;
        db.Add(LabelSetRevision.Of(projectId, last + 1, categories, Now));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Gives a project that has never had a label set the default one. Two first visits at once both try; the revision's
    /// key makes one lose, and it reads what the other wrote.
    /// </summary>
    private async Task EnsureSeededAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (await Revisions.AnyAsync(r => r.ProjectId == projectId, cancellationToken)) return;
        var now = Now;
        var defaults = DefaultLabelCategories.All.Select(d => LabelCategory.Create(projectId, d.Name, d.Color, d.Key, null, now)).ToList();
        db.AddRange(defaults);
        db.Add(LabelSetRevision.Of(projectId, 1, defaults, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }
    }
}
