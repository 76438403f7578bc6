namespace Lodestone.Evaluation;

/// <summary>Mean absolute error, root mean squared error and R² (1 − SSres / SStot; 0 when the truth is constant and fitted exactly).</summary>
public sealed record RegressionMetrics(double Mae, double Rmse, double R2, int Count)
{
    public static RegressionMetrics Evaluate(IReadOnlyList<double> truth, IReadOnlyList<double> predicted)
    {
        if (truth.Count != predicted.Count || truth.Count == 0) throw new ArgumentException("Truth and predictions need the same, non-zero length.");
        var mean = truth.Average();
        double absolute = 0, squared = 0, total = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            var error = predicted[i] - truth[i];
            absolute += Math.Abs(error);
            squared += error * error;
            total += (truth[i] - mean) * (truth[i] - mean);
        }
        var r2 = total > 0 ? 1 - squared / total : squared == 0 ? 1 : 0;
        return new RegressionMetrics(absolute / truth.Count, Math.Sqrt(squared / truth.Count), r2, truth.Count);
    }
}
