using Lodestone.Accounts;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Lodestone.Archives;

/// <summary>
/// Which entity types of the EF model belong to a project, found from the model itself (a <c>ProjectId</c>, or a foreign
/// key reaching a type that belongs), in an order in which they can be inserted. Types added later are archived without
/// new code; a type that neither belongs nor is listed in <see cref="InstanceLevel"/> is <see cref="Unclassified"/>, and a
/// test fails on it, so that nothing silently stays behind in an export.
/// </summary>
public sealed class ProjectEntities
{
    /// <summary>The instance's own rows, never archived: accounts and their secrets, API keys, the data-protection key ring.</summary>
    public static readonly IReadOnlySet<Type> InstanceLevel = new HashSet<Type> { typeof(User), typeof(ApiKey), typeof(KeyRingEntry) };

    public IReadOnlyList<ArchivedEntity> Entities { get; }
    public IReadOnlyList<IEntityType> Unclassified { get; }

    private ProjectEntities(IReadOnlyList<ArchivedEntity> entities, IReadOnlyList<IEntityType> unclassified)
    {
        Entities = entities;
        Unclassified = unclassified;
    }

    public ArchivedEntity? Find(string name) => Entities.FirstOrDefault(e => e.Name == name);

    public bool Contains(IEntityType type) => Entities.Any(e => e.Type == type);

    public static ProjectEntities Of(IModel model)
    {
        var types = model.GetEntityTypes().Where(t => !t.IsOwned()).OrderBy(t => t.ClrType.Name, StringComparer.Ordinal).ToList();
        var project = types.Single(t => t.ClrType == typeof(Project));
        var found = new Dictionary<IEntityType, ArchivedEntity> { [project] = new(project, project.FindPrimaryKey()!.Properties[0], null) };
        foreach (var type in types.Where(t => t != project && !InstanceLevel.Contains(t.ClrType)))
        {
            if (type.FindProperty("ProjectId") is { } projectId && projectId.ClrType == typeof(Guid))
                found[type] = new(type, projectId, null);
        }
        // Types reaching a project through a foreign key, to a fixed point (a run's params through the run).
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var type in types.Where(t => !found.ContainsKey(t) && !InstanceLevel.Contains(t.ClrType)))
            {
                var parent = type.GetForeignKeys().FirstOrDefault(k => k.PrincipalEntityType != type && found.ContainsKey(k.PrincipalEntityType));
                if (parent is null) continue;
                found[type] = new(type, null, parent);
                grew = true;
            }
        }
        var unclassified = types.Where(t => !found.ContainsKey(t) && !InstanceLevel.Contains(t.ClrType)).ToList();
        return new ProjectEntities(Order(found), unclassified);
    }

    /// <summary>
    /// Principals before dependents. A foreign key to its own type, or one closing a cycle (a run continuing from a
    /// version, a version from a run), must be nullable: it is inserted as null and set afterwards.
    /// </summary>
    private static List<ArchivedEntity> Order(Dictionary<IEntityType, ArchivedEntity> found)
    {
        var ordered = new List<ArchivedEntity>();
        var remaining = found.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        foreach (var entity in remaining)
            entity.DeferredKeys.AddRange(entity.Type.GetForeignKeys().Where(k => k.PrincipalEntityType == entity.Type).Select(Nullable));
        while (remaining.Count > 0)
        {
            bool Waits(ArchivedEntity e) => e.Type.GetForeignKeys().Any(k => !e.DeferredKeys.Contains(k)
                && k.PrincipalEntityType != e.Type && remaining.Any(r => r.Type == k.PrincipalEntityType));
            var ready = remaining.FirstOrDefault(e => !Waits(e));
            if (ready is not null)
            {
                ordered.Add(ready);
                remaining.Remove(ready);
                continue;
            }
            // A cycle: defer the first nullable key among the waiting types that points at another waiting type.
            var (owner, key) = remaining.SelectMany(e => e.Type.GetForeignKeys().Select(k => (Entity: e, Key: k)))
                .FirstOrDefault(x => !x.Key.IsRequired && !x.Entity.DeferredKeys.Contains(x.Key) && remaining.Any(r => r.Type == x.Key.PrincipalEntityType));
            if (owner is null)
                throw new InvalidOperationException($"The foreign keys of {string.Join(", ", remaining.Select(r => r.Name))} make a cycle of required keys; a project of them cannot be inserted.");
            owner.DeferredKeys.Add(key);
        }
        return ordered;
    }

    private static IForeignKey Nullable(IForeignKey key) => key.IsRequired
        ? throw new InvalidOperationException($"{key.DeclaringEntityType.ClrType.Name} refers to its own type by a required key; it cannot be inserted row by row.")
        : key;
}
