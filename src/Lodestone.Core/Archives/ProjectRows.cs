using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Lodestone.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Lodestone.Archives;

/// <summary>
/// Reads the rows of one archived entity type of a project, through EF (so each provider's types come back as .NET
/// values), as dictionaries of provider values by property name: JSON columns as their JSON text, enums as stored.
/// </summary>
public static class ProjectRows
{
    private static readonly MethodInfo SetMethod = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    /// <summary>The rows of the project, ordered by key (a log's lines keep their order when renumbered).</summary>
    public static async IAsyncEnumerable<Dictionary<string, object?>> ReadAsync(LodestoneDb db, ProjectEntities entities, ArchivedEntity entity,
        Guid projectId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = Query(db, entities, entity, projectId);
        foreach (var key in entity.Type.FindPrimaryKey()!.Properties)
            query = OrderBy(query, entity.Type.ClrType, key, first: key == entity.Type.FindPrimaryKey()!.Properties[0]);
        var properties = entity.Properties;
        await foreach (var row in (IAsyncEnumerable<object>)query)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = new Dictionary<string, object?>(properties.Count);
            foreach (var property in properties) values[property.Name] = ToProvider(property, property.GetGetter().GetClrValueUsingContainingEntity(row));
            yield return values;
        }
    }

    /// <summary>The value as the database holds it; times in UTC (SQLite gives them back unspecified).</summary>
    public static object? ToProvider(IProperty property, object? value)
    {
        if (value is null) return null;
        var converter = property.GetTypeMapping().Converter;
        if (converter is not null) value = converter.ConvertToProvider(value);
        return value is DateTime { Kind: DateTimeKind.Unspecified } time ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : value;
    }

    public static Type ProviderType(IProperty property)
    {
        var type = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private static IQueryable Query(LodestoneDb db, ProjectEntities entities, ArchivedEntity entity, Guid projectId)
    {
        var clr = entity.Type.ClrType;
        var set = ((IQueryable)SetMethod.MakeGenericMethod(clr).Invoke(db, null)!);
        set = (IQueryable)typeof(EntityFrameworkQueryableExtensions).GetMethod(nameof(EntityFrameworkQueryableExtensions.AsNoTracking))!
            .MakeGenericMethod(clr).Invoke(null, [set])!;
        set = (IQueryable)typeof(EntityFrameworkQueryableExtensions).GetMethod(nameof(EntityFrameworkQueryableExtensions.IgnoreAutoIncludes))!
            .MakeGenericMethod(clr).Invoke(null, [set])!;
        var row = Expression.Parameter(clr, "row");
        Expression condition;
        if (entity.ProjectKey is { } projectKey)
            condition = Expression.Equal(Property(row, projectKey), Expression.Constant(projectId, projectKey.ClrType));
        else
        {
            // The parent's keys, as a subquery: unbounded, unlike a list of ids sent along.
            var key = entity.ParentKey!;
            var parent = entities.Entities.Single(e => e.Type == key.PrincipalEntityType);
            var principal = key.PrincipalKey.Properties.Single();
            var dependent = key.Properties.Single();
            var parentRows = Query(db, entities, parent, projectId);
            var parentRow = Expression.Parameter(parent.Type.ClrType, "parent");
            var keys = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [parent.Type.ClrType, principal.ClrType], parentRows.Expression,
                Expression.Quote(Expression.Lambda(Property(parentRow, principal), parentRow)));
            Expression value = Property(row, dependent);
            if (dependent.ClrType != principal.ClrType) value = Expression.Convert(value, principal.ClrType);
            condition = Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [principal.ClrType], keys, value);
        }
        var where = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [clr], set.Expression, Expression.Quote(Expression.Lambda(condition, row)));
        return set.Provider.CreateQuery(where);
    }

    private static IQueryable OrderBy(IQueryable query, Type clr, IProperty key, bool first)
    {
        var row = Expression.Parameter(clr, "row");
        var call = Expression.Call(typeof(Queryable), first ? nameof(Queryable.OrderBy) : nameof(Queryable.ThenBy), [clr, key.ClrType],
            query.Expression, Expression.Quote(Expression.Lambda(Property(row, key), row)));
        return query.Provider.CreateQuery(call);
    }

    private static MethodCallExpression Property(ParameterExpression row, IProperty property) =>
        Expression.Call(PropertyMethod.MakeGenericMethod(property.ClrType), row, Expression.Constant(property.Name));

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
