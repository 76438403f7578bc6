using System.Data.Common;
using System.Text;

namespace Lodestone.Training;

/// <summary>
/// Writes params and tags of one run as rows, inside a transaction the caller holds (<see cref="MetricUpsert"/>'s).
/// A param is inserted or left alone (<c>ON CONFLICT DO NOTHING</c>) and then read back: a key that holds another
/// value refuses the whole batch, so the primary key, not a read before the write, keeps params write-once. Keys are
/// sorted so that concurrent transactions on PostgreSQL lock rows in the same order.
/// </summary>
internal static class RunRecordUpsert
{
    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, bool sqlite, Guid runId,
        IReadOnlyList<KeyValuePair<string, string>> parameters, IReadOnlyList<KeyValuePair<string, string>> tags,
        IReadOnlyList<string> deletedTags, CancellationToken cancellationToken)
    {
        object run = sqlite ? runId.ToString().ToUpperInvariant() : runId;
        if (parameters.Count > 0)
        {
            await ExecuteAsync(connection, transaction, run, parameters,
                """INSERT INTO "RunParams" ("RunId", "Key", "Value") VALUES {0} ON CONFLICT ("RunId", "Key") DO NOTHING;""", cancellationToken);
            var stored = await StoredParamsAsync(connection, transaction, run, parameters, cancellationToken);
            foreach (var (key, value) in parameters)
                if (stored.TryGetValue(key, out var existing) && existing != value)
                    throw new InvalidInputException(
                        $"Changing param values is not allowed: param '{key}' of run {runId:N} was already logged with value '{existing}'; attempted '{value}'.");
        }
        if (tags.Count > 0)
            await ExecuteAsync(connection, transaction, run, tags,
                """INSERT INTO "RunTags" ("RunId", "Key", "Value") VALUES {0} ON CONFLICT ("RunId", "Key") DO UPDATE SET "Value" = excluded."Value";""",
                cancellationToken);
        if (deletedTags.Count > 0)
        {
            await using var command = Command(connection, transaction, run);
            command.CommandText = $"""DELETE FROM "RunTags" WHERE "RunId" = @r AND "Key" IN ({KeyList(command, deletedTags)});""";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One value per key: the last given wins for tags; for params a key given twice with different values is refused
    /// (MLflow refuses such a batch too). Sorted by key.
    /// </summary>
    public static List<KeyValuePair<string, string>> Distinct(IEnumerable<KeyValuePair<string, string>> values, bool writeOnce)
    {
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (writeOnce && byKey.TryGetValue(key, out var earlier) && earlier != value)
                throw new InvalidInputException($"The param '{key}' is given twice with different values ('{earlier}', '{value}').");
            byKey[key] = value;
        }
        return [.. byKey.OrderBy(p => p.Key, StringComparer.Ordinal)];
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, object run,
        IReadOnlyList<KeyValuePair<string, string>> values, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, run);
        var rows = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            MetricUpsert.Add(command, $"@k{i}", values[i].Key);
            MetricUpsert.Add(command, $"@v{i}", values[i].Value);
            rows.Append(i == 0 ? "" : ",").Append($"(@r, @k{i}, @v{i})");
        }
        command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, rows);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Dictionary<string, string>> StoredParamsAsync(DbConnection connection, DbTransaction transaction, object run,
        IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, run);
        command.CommandText = $"""SELECT "Key", "Value" FROM "RunParams" WHERE "RunId" = @r AND "Key" IN ({KeyList(command, parameters.Select(p => p.Key).ToList())});""";
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) stored[reader.GetString(0)] = reader.GetString(1);
        return stored;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, object run)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        MetricUpsert.Add(command, "@r", run);
        return command;
    }

    private static string KeyList(DbCommand command, IReadOnlyList<string> keys)
    {
        var names = new StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            MetricUpsert.Add(command, $"@q{i}", keys[i]);
            names.Append(i == 0 ? "" : ", ").Append($"@q{i}");
        }
        return names.ToString();
    }
}
