using System.Globalization;
using Lodestone.Evaluation;
using Lodestone.Features;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Trainers;

/// <summary>A fact that skips, saying why, when the shared datasets folder is not beside the repository.</summary>
public sealed class SkabFactAttribute : FactAttribute
{
    public SkabFactAttribute()
    {
        if (SkabEndToEndTests.FindFile() is null) Skip = "shared/datasets/skab not found beside an ancestor of the test folder.";
    }
}

public class SkabEndToEndTests
{
    public static string? FindFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "shared", "datasets", "skab", "valve1", "1.csv");
            if (File.Exists(file)) return file;
        }
        return null;
    }

    [SkabFact]
    public void IsolationForest_FindsValveFaults_OnOneSkabFile()
    {
        var lines = File.ReadAllLines(FindFile()!).Skip(1).Select(l => l.Split(';')).ToArray();
        var channels = Enumerable.Range(1, 8).Select(c => $"c{c}").ToArray();
        var series = Enumerable.Range(1, 8).Select(c => lines.Select(l => float.Parse(l[c], CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var times = lines.Select(l => DateTime.Parse(l[0], CultureInfo.InvariantCulture)).ToArray();
        var truth = lines.Select(l => l[^2] == "1.0").ToArray();
        var points = Windowing.Trailing(channels, series, times, 1, 1);
        var model = new IsolationForestTrainer().Fit(points.Select(Enumerable.Range(0, 400).ToArray()),
            new IsolationForestOptions { Input = AnomalyInput.Raw, Seed = 0 }, new LocalTrainingContext());
        var scores = model.Score(points)[400..];
        var metrics = AnomalyMetrics.Evaluate(truth[400..], scores.Select(s => s > model.Threshold).ToArray(), scores);
        // Faults raise the score: ranking by score beats the share of faulty rows, and some faults are flagged.
        Assert.True(metrics.PrAuc > truth[400..].Count(t => t) / (double)scores.Length);
        Assert.True(metrics.TruePositives > 0);
    }
}
