using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lodestone.Mlflow;

/// <summary>
/// MLflow's search filter: clauses joined by AND, each <c>entity.key comparator value</c>, e.g.
/// <c>metrics.accuracy &gt; 0.9 and params.lr = '0.01' and tags.`mlflow.runName` LIKE 'yolo%' and attributes.status = 'FINISHED'</c>.
/// Entities: metrics, params, tags, attributes (run_name, status, start_time, end_time, run_id, user_id); without one, an attribute.
/// </summary>
internal static partial class MlflowFilter
{
    public sealed record Clause(string Entity, string Key, string Comparator, object Value);

    [GeneratedRegex("""^\s*(?:(?<entity>metrics?|params?|parameters?|tags?|attributes?|attr|run)\.)?(?<key>`[^`]+`|"[^"]+"|[\w.\-/]+)\s*(?<op>!=|>=|<=|=|>|<|NOT\s+IN\b|IN\b|NOT\s+LIKE\b|NOT\s+ILIKE\b|LIKE\b|ILIKE\b)\s*(?<value>.+?)\s*$""",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ClausePattern();

    public static IReadOnlyList<Clause> Parse(string filter)
    {
        var clauses = new List<Clause>();
        foreach (var text in SplitOnAnd(filter))
        {
            var match = ClausePattern().Match(text);
            if (!match.Success) throw MlflowException.InvalidParameter($"Invalid clause in filter: '{text.Trim()}'.");
            var entity = match.Groups["entity"].Value.ToLowerInvariant() switch
            {
                "metric" or "metrics" => "metric",
                "param" or "params" or "parameter" or "parameters" => "param",
                "tag" or "tags" => "tag",
                _ => "attribute",
            };
            var key = match.Groups["key"].Value.Trim('`', '"');
            var op = Regex.Replace(match.Groups["op"].Value.ToUpperInvariant(), @"\s+", " ");
            clauses.Add(new Clause(entity, key, op, ValueOf(match.Groups["value"].Value.Trim(), entity, key)));
        }
        return clauses;
    }

    private static object ValueOf(string text, string entity, string key)
    {
        if (text.StartsWith('(') && text.EndsWith(')'))
            return text[1..^1].Split(',').Select(v => Unquote(v.Trim())).ToList();
        if (text.Length >= 2 && (text[0] is '\'' or '"') && text[^1] == text[0]) return Unquote(text);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
        throw MlflowException.InvalidParameter($"Invalid value {text} for {entity} '{key}': quote strings, e.g. '{text}'.");
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] is '\'' or '"') && text[^1] == text[0] ? text[1..^1] : text;

    private static IEnumerable<string> SplitOnAnd(string filter)
    {
        var current = new StringBuilder();
        char? quote = null;
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (quote is null && c is '\'' or '"' or '`') quote = c;
            else if (quote == c) quote = null;
            if (quote is null && i + 5 <= filter.Length && char.IsWhiteSpace(c)
                && string.Compare(filter, i + 1, "and", 0, 3, StringComparison.OrdinalIgnoreCase) == 0
                && i + 4 < filter.Length && char.IsWhiteSpace(filter[i + 4]))
            {
                yield return current.ToString();
                current.Clear();
                i += 4;
                continue;
            }
            current.Append(c);
        }
        if (current.ToString().Trim().Length > 0) yield return current.ToString();
    }

    /// <summary>Compares a string (params, tags, string attributes) with a clause's value.</summary>
    public static bool Compare(string? actual, string comparator, object expected)
    {
        if (actual is null) return false;
        var text = expected switch { double d => d.ToString(CultureInfo.InvariantCulture), List<string> => "", _ => (string)expected };
        return comparator switch
        {
            "=" => actual == text,
            "!=" => actual != text,
            "LIKE" => Like(actual, text, ignoreCase: false),
            "ILIKE" => Like(actual, text, ignoreCase: true),
            "NOT LIKE" => !Like(actual, text, ignoreCase: false),
            "NOT ILIKE" => !Like(actual, text, ignoreCase: true),
            "IN" => expected is List<string> any && any.Contains(actual),
            "NOT IN" => expected is List<string> none && !none.Contains(actual),
            ">" => string.CompareOrdinal(actual, text) > 0,
            ">=" => string.CompareOrdinal(actual, text) >= 0,
            "<" => string.CompareOrdinal(actual, text) < 0,
            "<=" => string.CompareOrdinal(actual, text) <= 0,
            _ => throw MlflowException.InvalidParameter($"Unsupported comparator '{comparator}'."),
        };
    }

    /// <summary>Compares a number (metrics, times) with a clause's value.</summary>
    public static bool Compare(double? actual, string comparator, object expected)
    {
        if (actual is not { } a) return false;
        if (expected is not double e)
        {
            if (expected is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) e = parsed;
            else throw MlflowException.InvalidParameter($"Expected a number to compare with, got {expected}.");
        }
        return comparator switch
        {
            "=" => a == e,
            "!=" => a != e,
            ">" => a > e,
            ">=" => a >= e,
            "<" => a < e,
            "<=" => a <= e,
            _ => throw MlflowException.InvalidParameter($"Comparator '{comparator}' does not apply to numbers."),
        };
    }

    /// <summary>
    /// SQL LIKE (<c>%</c> any run, <c>_</c> one character) in linear time: greedy matching that backtracks only to the
    /// last <c>%</c>, never a regular expression (<c>'%a%a%a%a%b'</c> over an 8,000-character tag ran past a minute).
    /// </summary>
    internal static bool Like(string actual, string pattern, bool ignoreCase)
    {
        int a = 0, p = 0, star = -1, resume = 0;
        while (a < actual.Length)
        {
            if (p < pattern.Length && pattern[p] == '%')
            {
                star = p++;
                resume = a;
            }
            else if (p < pattern.Length && (pattern[p] == '_' || Same(pattern[p], actual[a], ignoreCase)))
            {
                p++;
                a++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                a = ++resume;
            }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '%') p++;
        return p == pattern.Length;
    }

    private static bool Same(char x, char y, bool ignoreCase) =>
        x == y || (ignoreCase && char.ToUpperInvariant(x) == char.ToUpperInvariant(y));
}
