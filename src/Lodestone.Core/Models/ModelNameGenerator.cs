using System.Text;
using Lodestone.Trainers;

namespace Lodestone.Models;

/// <summary>
/// A suggested model name from what the model learns: its two most frequent labels that say something (not
/// <c>normal</c>, <c>anomaly</c> and the like), what it does, how many datasets it learns from and how large they are,
/// in lower-case kebab: <c>motor-fan-classifier-3ds-large</c>, <c>valve-anomaly-detector</c>. A per-sensor model's
/// name starts with its sensor (<c>pump-7-anomaly-detector</c>). Unique in the project: a taken name gets <c>-2</c>, <c>-3</c>…
/// </summary>
public static class ModelNameGenerator
{
    /// <summary>From this many samples over all datasets a model is called large.</summary>
    public const long LargeRows = 1_000_000;
    private const int MaxLabels = 2;
    private const int MaxLabelPart = 40;

    /// <summary>Labels every model of its task has, which would make every name alike.</summary>
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "normal", "anomaly", "anomalies", "abnormal", "ok", "nok", "label", "labels", "class", "target", "truth",
        "event", "events", "other", "none", "background", "unknown", "unlabeled", "unlabelled", "0", "1",
    };

    /// <param name="task">What the model does; null names it a plain model.</param>
    /// <param name="labels">Labels with how often they occur (windows, ranges or annotations); the most frequent lead.</param>
    /// <param name="datasets">How many datasets the model learns from.</param>
    /// <param name="rows">Their samples, together.</param>
    /// <param name="taken">The project's model names (compared ignoring case).</param>
    /// <param name="sensor">The one sensor a per-sensor model learns from, if any.</param>
    public static string Generate(TrainingTask? task, IEnumerable<KeyValuePair<string, long>> labels, int datasets, long rows, IEnumerable<string> taken,
        string? sensor = null)
    {
        var parts = new List<string>();
        if (sensor is not null && Slug(sensor) is { Length: > 0 } sensorPart) parts.Add(sensorPart.Length > MaxLabelPart ? sensorPart[..MaxLabelPart].TrimEnd('-') : sensorPart);
        var words = labels
            .Select(l => (Slug: Slug(l.Key), l.Value))
            .Where(l => l.Slug.Length > 0 && !Generic.Contains(l.Slug))
            .GroupBy(l => l.Slug).Select(g => (Slug: g.Key, Count: g.Sum(l => l.Value)))
            .OrderByDescending(l => l.Count).ThenBy(l => l.Slug, StringComparer.Ordinal)
            .Take(MaxLabels).Select(l => l.Slug);
        var labelPart = string.Join('-', words);
        if (labelPart.Length > MaxLabelPart) labelPart = labelPart[..MaxLabelPart].TrimEnd('-');
        if (labelPart.Length > 0) parts.Add(labelPart);
        parts.Add(TaskWord(task));
        if (datasets > 1) parts.Add($"{datasets}ds");
        if (rows >= LargeRows) parts.Add("large");
        return Unique(string.Join('-', parts), taken);
    }

    /// <summary><paramref name="name"/>, or the first of <c>name-2</c>, <c>name-3</c>… that no model has.</summary>
    public static string Unique(string name, IEnumerable<string> taken)
    {
        var names = taken.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!names.Contains(name)) return name;
        for (var n = 2; ; n++)
            if (!names.Contains($"{name}-{n}")) return $"{name}-{n}";
    }

    private static string TaskWord(TrainingTask? task) => task switch
    {
        TrainingTask.Classification => "classifier",
        TrainingTask.MultiLabelClassification => "multilabel-classifier",
        TrainingTask.AnomalyDetection => "anomaly-detector",
        TrainingTask.Regression => "regressor",
        _ => "model",
    };

    /// <summary>
    /// Lower-case ASCII letters and digits, runs of anything else one '-'; Latin letters with accents lose them
    /// (<c>Lüfter</c> is <c>lufter</c>). By table, since the app runs with invariant globalization, where
    /// <see cref="string.Normalize()"/> decomposes nothing.
    /// </summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var i = Accented.IndexOf(c);
            if (i >= 0) slug.Append(Plain[i]);
            else if (c is 'ß') slug.Append("ss");
            else if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        return slug.ToString().Trim('-');
    }

    private const string Accented = "àáâãäåāçćčďèéêëēěìíîïīłñńňòóôõöøōřśšťùúûüūůýÿźžż";
    private const string Plain = "aaaaaaaccc" + "deeeeeeiiiii" + "lnnnooooooo" + "rsstuuuuuuyyzzz";
}
