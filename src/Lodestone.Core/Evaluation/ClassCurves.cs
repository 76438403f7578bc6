namespace Lodestone.Evaluation;

/// <summary>One class's ROC and precision–recall curves, one-vs-rest over its predicted probability.</summary>
public sealed record ClassCurves(string Name, Curve Roc, Curve PrecisionRecall)
{
    /// <summary>Curves keep at most this many points in a report; more add nothing a reader can see.</summary>
    public const int MaxPoints = 1000;

    public static ClassCurves Of(string name, IReadOnlyList<double> scores, IReadOnlyList<bool> truth) =>
        new(name, Thin(Curves.Roc(scores, truth)), Thin(Curves.PrecisionRecall(scores, truth)));

    /// <summary>Every k-th point of a long curve, always keeping both ends.</summary>
    internal static Curve Thin(Curve curve)
    {
        var n = curve.X.Length;
        if (n <= MaxPoints) return curve;
        var stride = (int)Math.Ceiling((double)n / MaxPoints);
        var keep = Enumerable.Range(0, n).Where(i => i % stride == 0 || i == n - 1).ToArray();
        return new Curve(keep.Select(i => curve.X[i]).ToArray(), keep.Select(i => curve.Y[i]).ToArray());
    }
}
