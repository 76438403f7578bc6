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

    private static readonly string[] QualityWords =
        ["loss", "mae", "mse", "rmse", "error", "far", "mar", "ece", "f1", "accuracy", "precision", "recall", "auc", "r2", "nab", "kappa", "mcc"];

    /// <summary>
    /// Whether the metric says how good a model is (a loss, an error, F1, AUC…), so that "better" and "best" mean
    /// something: a threshold, a score mean or a flagged fraction have no better direction.
    /// </summary>
    public static bool IsQuality(string key) =>
        key.ToLowerInvariant().Split(['_', '-', '.', '/', ' '], StringSplitOptions.RemoveEmptyEntries).Any(w => QualityWords.Contains(w));

    public static bool IsTest(string key) => key.StartsWith("test_", StringComparison.Ordinal);

    public static IReadOnlyList<string> Ordered(IEnumerable<string> keys) =>
        keys.Distinct().OrderBy(k => IsTest(k) ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal).ToList();
}
