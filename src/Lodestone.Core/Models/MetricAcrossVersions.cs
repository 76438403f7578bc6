using Lodestone.Training;

namespace Lodestone.Models;

/// <summary>
/// One metric over a model's versions: its value in each version that has it (oldest first), which way is better,
/// and the best value with the version that holds it (the oldest, when several tie).
/// </summary>
public sealed record MetricAcrossVersions(string Key, MetricGoal Goal, double Best, int BestVersion, IReadOnlyList<VersionMetric> Values)
{
    /// <summary>Every metric of <paramref name="versions"/>, held-out test metrics first; NaN and infinite values are left out.</summary>
    public static IReadOnlyList<MetricAcrossVersions> Of(IEnumerable<ModelVersion> versions)
    {
        var ordered = versions.OrderBy(v => v.Number).ToList();
        var keys = MetricGoals.Ordered(ordered.SelectMany(v => v.Metrics.Keys));
        var result = new List<MetricAcrossVersions>();
        foreach (var key in keys)
        {
            var values = ordered.Where(v => v.Metrics.TryGetValue(key, out var x) && double.IsFinite(x))
                .Select(v => new VersionMetric(v.Number, v.Metrics[key])).ToList();
            if (values.Count == 0) continue;
            var goal = MetricGoals.For(key);
            var best = values[0];
            foreach (var value in values.Skip(1))
                if (goal == MetricGoal.Minimize ? value.Value < best.Value : value.Value > best.Value) best = value;
            result.Add(new MetricAcrossVersions(key, goal, best.Value, best.Number, values));
        }
        return result;
    }
}

/// <summary>A metric's value in version <see cref="Number"/>.</summary>
public sealed record VersionMetric(int Number, double Value);
