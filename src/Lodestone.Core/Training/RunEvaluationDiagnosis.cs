using System.Globalization;
using Lodestone.Evaluation;
using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// Says why a held-out figure looks as it does when the usual reading would mislead. A SKAB valve file's classifier
/// scored test accuracy 0.29 with ROC-AUC 1.0: the class balance barely moved (38 % anomalous windows in training, 29 %
/// in test), but the temperature fell through the recording and the fault was its cool stretch in the training part: the
/// model learnt "cool means fault", the test part's normal windows were cooler than every normal training window, and
/// every test window fell on the fault's side of the boundary while the scores still ranked them perfectly.
/// </summary>
public static class RunEvaluationDiagnosis
{
    /// <summary>The share of test windows outside the training range from which a channel counts as shifted.</summary>
    public const double ShiftedShare = 0.5;

    /// <summary>The macro ROC-AUC from which scores count as ranking well, and the balanced accuracy below which decisions count as poor.</summary>
    public const double GoodRanking = 0.9, PoorDecisions = 0.7;

    /// <summary>
    /// The channels in which a class's test windows mostly lie outside what the same class's training windows covered
    /// (each window by its mean, against the lowest and highest training window of that class; all windows as one class
    /// when unlabelled), most shifted first; null when none does. Per class, because a drift that coincides with a fault
    /// in the training part (SKAB: the temperature fell during the fault) makes the later normal windows look like the
    /// fault while staying inside the range of all training windows.
    /// </summary>
    public static string? DataShift(WindowSet train, WindowSet test)
    {
        if (train.Count == 0 || test.Count == 0) return null;
        var shifted = new List<(string Channel, string? Class, double Share, bool Above)>();
        foreach (var (label, trainWindows, testWindows) in Groups(train, test))
            for (var c = 0; c < train.Channels.Count; c++)
            {
                var trained = Means(train, trainWindows, c);
                var tested = Means(test, testWindows, c);
                if (trained.Length == 0 || tested.Length == 0) continue;
                var (low, high) = (trained.Min(), trained.Max());
                var (below, above) = (tested.Count(m => m < low), tested.Count(m => m > high));
                var share = (double)(below + above) / tested.Length;
                if (share >= ShiftedShare) shifted.Add((train.Channels[c], label, share, above >= below));
            }
        if (shifted.Count == 0) return null;
        return string.Join("; ", shifted.OrderByDescending(s => s.Share).Take(4).Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Channel}: {s.Share:P0} of {(s.Class is null ? "" : $"the {s.Class} ")}test windows {(s.Above ? "above" : "below")} every {(s.Class is null ? "" : $"{s.Class} ")}training window")));
    }

    /// <summary>The windows to compare: per class (top label) with at least three windows on each side, else all as one.</summary>
    private static IEnumerable<(string? Class, List<int> Train, List<int> Test)> Groups(WindowSet train, WindowSet test)
    {
        static Dictionary<string, List<int>> ByClass(WindowSet windows)
        {
            var classes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var w = 0; w < windows.Count; w++)
                if (windows.Labels[w] is { Count: > 0 } labels)
                {
                    var top = labels.MaxBy(l => l.Value).Key;
                    if (!classes.TryGetValue(top, out var list)) classes[top] = list = [];
                    list.Add(w);
                }
            return classes;
        }
        var (trained, tested) = (ByClass(train), ByClass(test));
        var shared = trained.Keys.Where(k => trained[k].Count >= 3 && tested.TryGetValue(k, out var t) && t.Count >= 3).Order(StringComparer.Ordinal).ToList();
        if (shared.Count == 0) return [(null, Enumerable.Range(0, train.Count).ToList(), Enumerable.Range(0, test.Count).ToList())];
        return shared.Select(k => ((string?)k, trained[k], tested[k]));
    }

    /// <summary>
    /// When the scores rank the test windows well but the decisions are poor: how the decisions fell, and why that is the
    /// decision boundary and not the ranking; null otherwise.
    /// </summary>
    public static string? Decisions(ClassificationMetrics metrics, IReadOnlyList<string> classes, string? dataShift)
    {
        if (metrics.ConfusionMatrix is not { } matrix || double.IsNaN(metrics.MacroRocAuc) || metrics.MacroRocAuc < GoodRanking || metrics.MacroRecall >= PoorDecisions) return null;
        var predicted = classes.Select((c, j) => (Class: c, Count: matrix.Sum(row => row[j]))).Where(p => p.Count > 0);
        var total = matrix.Sum(row => row.Sum());
        var cause = dataShift is null
            ? "the boundary learnt on the training windows does not fit the test part"
            : $"the test part lies outside the training data ({dataShift}), and the boundary learnt on the training windows does not carry over to it";
        return string.Create(CultureInfo.InvariantCulture,
            $"The scores rank the test windows well (ROC-AUC {metrics.MacroRocAuc:0.00}) but the decisions do not (balanced accuracy {metrics.MacroRecall:0.00}; predicted: {string.Join(", ", predicted.Select(p => $"{p.Class} {p.Count} of {total}"))}): {cause}. Train on data that covers the test conditions, or judge by ROC-AUC until it does.");
    }

    private static double[] Means(WindowSet windows, IReadOnlyList<int> indices, int channel)
    {
        var means = new List<double>(indices.Count);
        foreach (var w in indices)
        {
            double sum = 0;
            var finite = 0;
            foreach (var v in windows.Series(w, channel))
                if (float.IsFinite(v)) { sum += v; finite++; }
            if (finite > 0) means.Add(sum / finite);
        }
        return [.. means];
    }
}
