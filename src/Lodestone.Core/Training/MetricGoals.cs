namespace Lodestone.Training;

/// <summary>
/// Which way a metric is better, guessed from its name (losses and errors go down, scores go up), and the order in which
/// metric keys are offered for ranking: the held-out <c>test_*</c> figures first, since they are what a model is judged by.
/// </summary>
public static class MetricGoals
{
    private static readonly string[] LowerIsBetter = ["loss", "mae", "mse", "rmse", "error", "far", "mar", "ece", "time", "seconds"];

    public static MetricGoal For(string key)
    {
        var words = key.ToLowerInvariant().Split(['_', '-', '.', '/', ' '], StringSplitOptions.RemoveEmptyEntries);
        return words.Any(w => LowerIsBetter.Contains(w)) ? MetricGoal.Minimize : MetricGoal.Maximize;
    }

    public static bool IsTest(string key) => key.StartsWith("test_", StringComparison.Ordinal);

    public static IReadOnlyList<string> Ordered(IEnumerable<string> keys) =>
        keys.Distinct().OrderBy(k => IsTest(k) ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal).ToList();
}
