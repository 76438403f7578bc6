using System.Text.RegularExpressions;

namespace Lodestone.Evaluation;

/// <summary>One metric's values per step (epoch or iteration) during training: a learning curve.</summary>
public sealed partial record MetricSeries(string Key, int[] Steps, double[] Values)
{
    /// <summary>Splits per-step metrics, as a run records them (key, step) → value, into one series per key, by step.</summary>
    public static IReadOnlyList<MetricSeries> From(IReadOnlyDictionary<(string Key, int Step), double> metrics) =>
        metrics.GroupBy(m => m.Key.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(m => m.Key.Step).ToArray();
                return new MetricSeries(g.Key, ordered.Select(m => m.Key.Step).ToArray(), ordered.Select(m => m.Value).ToArray());
            }).ToList();

    /// <summary>
    /// The quantity a key measures with its split removed, so that "train_loss" and "val_loss" share one plot:
    /// a split word (train, val, validation, test, eval) before or after a separator (_ / . -) is dropped.
    /// </summary>
    public string Quantity
    {
        get
        {
            var stripped = SplitWord().Replace(Key, "");
            return stripped.Length > 0 ? stripped : Key;
        }
    }

    [GeneratedRegex(@"^(train|training|val|valid|validation|test|eval)[_/.\-]|[_/.\-](train|training|val|valid|validation|test|eval)$", RegexOptions.IgnoreCase)]
    private static partial Regex SplitWord();
}
