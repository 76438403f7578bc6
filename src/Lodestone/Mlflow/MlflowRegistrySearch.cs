namespace Lodestone.Mlflow;

/// <summary>order_by and paging of the registry's searches (registered models, model versions).</summary>
internal static class MlflowRegistrySearch
{
    /// <summary>
    /// MLflow's registry order_by terms (<c>name</c>, <c>creation_timestamp</c>/<c>timestamp</c>,
    /// <c>last_updated_timestamp</c>, and for versions <c>version_number</c>; ASC or DESC); by name without any.
    /// </summary>
    public static IEnumerable<T> Order<T>(IEnumerable<T> items, IReadOnlyList<string> orderBy, Func<T, string> name, Func<T, DateTime> created,
        Func<T, DateTime> updated, Func<T, int>? number)
    {
        IOrderedEnumerable<T>? ordered = null;
        foreach (var term in orderBy)
        {
            var parts = term.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is 0 or > 2 || (parts.Length == 2 && parts[1].ToUpperInvariant() is not ("ASC" or "DESC")))
                throw MlflowException.InvalidParameter($"Invalid order_by clause '{term}'.");
            var descending = parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            Func<T, IComparable> key = parts[0].ToLowerInvariant() switch
            {
                "name" => x => name(x),
                "creation_timestamp" or "timestamp" => x => created(x),
                "last_updated_timestamp" => x => updated(x),
                "version_number" when number is not null => x => number(x),
                _ => throw MlflowException.InvalidParameter($"Invalid order_by key '{parts[0]}': name, creation_timestamp, last_updated_timestamp"
                    + (number is null ? "." : " or version_number.")),
            };
            ordered = ordered is null
                ? descending ? items.OrderByDescending(key) : items.OrderBy(key)
                : descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }
        ordered ??= items.OrderBy(name, StringComparer.Ordinal);
        return number is null ? ordered.ThenBy(name, StringComparer.Ordinal) : ordered.ThenBy(name, StringComparer.Ordinal).ThenByDescending(number);
    }

    /// <summary>A page of at most max_results (MLflow's defaults and limits: 100 and 1,000 models, 10,000 and 200,000 versions).</summary>
    public static (List<T> Page, string? Next) Page<T>(IEnumerable<T> ordered, string? token, long? maxResults, int defaultMax, int limit)
    {
        var max = maxResults ?? defaultMax;
        if (max < 1 || max > limit) throw MlflowException.InvalidParameter($"max_results is 1 to {limit}, not {maxResults}.");
        var offset = MlflowSearch.OffsetOf(token);
        var page = ordered.Skip(offset).Take((int)max + 1).ToList();
        return (page.Take((int)max).ToList(), page.Count > max ? MlflowSearch.TokenOf(offset + (int)max) : null);
    }
}
