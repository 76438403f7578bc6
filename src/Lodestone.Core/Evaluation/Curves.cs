namespace Lodestone.Evaluation;

/// <summary>A curve as (x, y) points, e.g. ROC (false-positive rate, true-positive rate) or PR (recall, precision).</summary>
public sealed record Curve(double[] X, double[] Y);

/// <summary>Ranking metrics of scores against binary truth (higher score = more likely positive).</summary>
public static class Curves
{
    /// <summary>The ROC curve over every distinct score threshold, from (0, 0) to (1, 1).</summary>
    public static Curve Roc(IReadOnlyList<double> scores, IReadOnlyList<bool> truth)
    {
        var (tps, fps) = Cumulative(scores, truth);
        var positives = tps.Length > 0 ? tps[^1] : 0;
        var negatives = fps.Length > 0 ? fps[^1] : 0;
        var x = new List<double> { 0 };
        var y = new List<double> { 0 };
        for (var i = 0; i < tps.Length; i++)
        {
            x.Add(negatives > 0 ? (double)fps[i] / negatives : 0);
            y.Add(positives > 0 ? (double)tps[i] / positives : 0);
        }
        return new Curve([.. x], [.. y]);
    }

    /// <summary>The precision–recall curve over every distinct threshold, in order of rising recall.</summary>
    public static Curve PrecisionRecall(IReadOnlyList<double> scores, IReadOnlyList<bool> truth)
    {
        var (tps, fps) = Cumulative(scores, truth);
        var positives = tps.Length > 0 ? tps[^1] : 0;
        var x = new List<double> { 0 };
        var y = new List<double> { 1 };
        for (var i = 0; i < tps.Length; i++)
        {
            x.Add(positives > 0 ? (double)tps[i] / positives : 0);
            y.Add((double)tps[i] / (tps[i] + fps[i]));
        }
        return new Curve([.. x], [.. y]);
    }

    /// <summary>Area under the ROC curve (trapezoids; ties count half); NaN when one class is absent.</summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> truth)
    {
        if (!truth.Contains(true) || !truth.Contains(false)) return double.NaN;
        var roc = Roc(scores, truth);
        double area = 0;
        for (var i = 1; i < roc.X.Length; i++)
            area += (roc.X[i] - roc.X[i - 1]) * (roc.Y[i] + roc.Y[i - 1]) / 2;
        return area;
    }

    /// <summary>
    /// Area under the precision–recall curve as average precision (scikit-learn's average_precision_score):
    /// Σ (Rₙ − Rₙ₋₁) Pₙ over thresholds; NaN without positives.
    /// </summary>
    public static double PrAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> truth)
    {
        if (!truth.Contains(true)) return double.NaN;
        var pr = PrecisionRecall(scores, truth);
        double area = 0;
        for (var i = 1; i < pr.X.Length; i++)
            area += (pr.X[i] - pr.X[i - 1]) * pr.Y[i];
        return area;
    }

    /// <summary>True and false positives counted at each distinct score, from the highest score down.</summary>
    private static (int[] TruePositives, int[] FalsePositives) Cumulative(IReadOnlyList<double> scores, IReadOnlyList<bool> truth)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var tps = new List<int>();
        var fps = new List<int>();
        int tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (truth[order[k]]) tp++; else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue;
            tps.Add(tp);
            fps.Add(fp);
        }
        return ([.. tps], [.. fps]);
    }
}
