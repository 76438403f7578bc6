using System.Data.Common;
using Lodestone.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lodestone.Archives;

/// <summary>
/// Inserts rows of one entity type as the database stores them (provider values, JSON columns as their text), with one
/// prepared command in the import's transaction: the rows go in exactly as archived, without passing through entities.
/// </summary>
internal sealed class RowWriter : IAsyncDisposable
{
    private readonly DbCommand _insert;
    private readonly IReadOnlyList<(IProperty Property, RelationalTypeMapping Mapping)> _columns;

    public RowWriter(LodestoneDb db, ArchivedEntity entity, IReadOnlyList<IProperty> columns)
    {
        _columns = [.. columns.Select(p => (p, ProviderMapping(db, p)))];
        var sql = db.GetService<ISqlGenerationHelper>();
        _insert = Command(db);
        _insert.CommandText = $"INSERT INTO {Table(db, entity)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName())))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
    }

    public async Task InsertAsync(IReadOnlyList<object?> values, CancellationToken cancellationToken)
    {
        _insert.Parameters.Clear();
        for (var i = 0; i < _columns.Count; i++)
            _insert.Parameters.Add(_columns[i].Mapping.CreateParameter(_insert, "@p" + i, values[i], _columns[i].Property.IsNullable));
        await _insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets a column of one row, found by its key (the deferred foreign keys).</summary>
    public static async Task UpdateAsync(LodestoneDb db, ArchivedEntity entity, IReadOnlyList<(IProperty Property, object? Value)> set,
        IReadOnlyList<(IProperty Property, object? Value)> key, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        await using var command = Command(db);
        var parts = set.Concat(key).Select((c, i) => (c.Property, c.Value, Name: "@u" + i)).ToList();
        command.CommandText = $"UPDATE {Table(db, entity)} SET {string.Join(", ", parts.Take(set.Count).Select(p => $"{sql.DelimitIdentifier(p.Property.GetColumnName())} = {p.Name}"))} " +
            $"WHERE {string.Join(" AND ", parts.Skip(set.Count).Select(p => $"{sql.DelimitIdentifier(p.Property.GetColumnName())} = {p.Name}"))}";
        foreach (var part in parts)
            command.Parameters.Add(ProviderMapping(db, part.Property).CreateParameter(command, part.Name, part.Value, part.Property.IsNullable));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The mapping of the value as stored: the property's own, or, when it converts (JSON columns, enums), the store
    /// type's mapping without the conversion, so the archived text goes in as it is.
    /// </summary>
    private static RelationalTypeMapping ProviderMapping(LodestoneDb db, IProperty property)
    {
        var mapping = property.GetRelationalTypeMapping();
        if (mapping.Converter is null) return mapping;
        var source = db.GetService<IRelationalTypeMappingSource>();
        var provider = mapping.Converter.ProviderClrType;
        return source.FindMapping(provider, mapping.StoreType) ?? source.FindMapping(provider)
            ?? throw new InvalidOperationException($"No store mapping for {property.DeclaringType.ClrType.Name}.{property.Name}.");
    }

    private static string Table(LodestoneDb db, ArchivedEntity entity) =>
        db.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.Type.GetTableName()!, entity.Type.GetSchema());

    private static DbCommand Command(LodestoneDb db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    public ValueTask DisposeAsync() => _insert.DisposeAsync();
}
