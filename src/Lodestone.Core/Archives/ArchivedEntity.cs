using Microsoft.EntityFrameworkCore.Metadata;

namespace Lodestone.Archives;

/// <summary>
/// An entity type whose rows belong to a project, as the EF model describes it: how its rows are found from the project
/// (its own <c>ProjectId</c>, or a foreign key to a type that belongs), and which of its foreign keys are written after
/// every row is in (a nullable key that would otherwise make a cycle, such as a version's parent version).
/// </summary>
public sealed class ArchivedEntity
{
    internal ArchivedEntity(IEntityType type, IProperty? projectKey, IForeignKey? parentKey)
    {
        Type = type;
        ProjectKey = projectKey;
        ParentKey = parentKey;
    }

    public IEntityType Type { get; }

    /// <summary>The archive's name for the type: its CLR name, stable across versions.</summary>
    public string Name => Type.ClrType.Name;

    /// <summary>The property naming the project, when the type has one (the project itself: its key).</summary>
    internal IProperty? ProjectKey { get; }

    /// <summary>Otherwise the foreign key to the type it belongs to a project through.</summary>
    internal IForeignKey? ParentKey { get; }

    /// <summary>Foreign keys inserted as null and set once every row is in.</summary>
    internal List<IForeignKey> DeferredKeys { get; } = [];

    public IReadOnlyList<IProperty> Properties => [.. Type.GetProperties()];

    /// <summary>
    /// The Guid key properties whose values are this project's own ids, new on import: not those naming a user (a
    /// member's key), which map to the target's users by name.
    /// </summary>
    public IReadOnlyList<IProperty> OwnKeys => [.. Type.FindPrimaryKey()!.Properties.Where(p => p.ClrType == typeof(Guid)
        && !p.GetContainingForeignKeys().Any(k => ProjectEntities.InstanceLevel.Contains(k.PrincipalEntityType.ClrType)))];

    /// <summary>Text keys of the project's own (not foreign keys): the ids inside them are new on import.</summary>
    public IReadOnlyList<IProperty> OwnTextKeys => [.. Type.FindPrimaryKey()!.Properties.Where(p => p.ClrType == typeof(string) && !p.IsForeignKey())];

    /// <summary>Keys the database generates (a log line's number): left out of an insert so the target numbers them.</summary>
    public bool IsGenerated(IProperty property) =>
        property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey() && property.ClrType != typeof(Guid);
}
