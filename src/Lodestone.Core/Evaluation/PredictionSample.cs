namespace Lodestone.Evaluation;

/// <summary>Actual and predicted values of a regression, thinned by an even stride to at most <see cref="MaxPoints"/> pairs.</summary>
public sealed record PredictionSample(double[] Actual, double[] Predicted)
{
    public const int MaxPoints = 5000;

    public static PredictionSample Of(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        var stride = Math.Max(1, (int)Math.Ceiling((double)actual.Count / MaxPoints));
        var keep = Enumerable.Range(0, actual.Count).Where(i => i % stride == 0).ToArray();
        return new PredictionSample(keep.Select(i => actual[i]).ToArray(), keep.Select(i => predicted[i]).ToArray());
    }
}
