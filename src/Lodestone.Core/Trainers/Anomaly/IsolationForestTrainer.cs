using Lodestone.Features;

namespace Lodestone.Trainers.Anomaly;

/// <summary>Isolation Forest on raw points or window features; see <see cref="IsolationForest"/> for the algorithm.</summary>
public sealed class IsolationForestTrainer : AnomalyTrainer<IsolationForestOptions>
{
    public const string KindName = "isolation-forest";
    private const string FileName = "forest.bin";

    public override string Kind => KindName;

    protected override void CheckMore(WindowSet data, IsolationForestOptions options, List<string> problems)
    {
        if (options.Trees < 1) problems.Add("Trees must be at least 1.");
        if (options.MaxFeatures <= 0) problems.Add("MaxFeatures must be positive.");
    }

    protected override IAnomalyScorer FitScorer(FeatureMatrix rows, IsolationForestOptions options, ITrainingContext context)
    {
        var forest = IsolationForest.Fit(rows.Values, rows.Columns, options.Trees, options.MaxSamples, options.MaxFeatures,
            options.Seed, done => context.ReportProgress(done, options.Trees), context.CancellationToken);
        return new Scorer(forest);
    }

    public static AnomalyModel Load(string folder) => AnomalyModel.Load(folder, f =>
    {
        using var stream = File.OpenRead(Path.Combine(f, FileName));
        return new Scorer(IsolationForest.Read(stream));
    });

    private sealed class Scorer(IsolationForest forest) : IAnomalyScorer
    {
        public double[] Score(FeatureMatrix rows) => forest.Score(rows.Values);

        public void Save(string folder)
        {
            using var stream = File.Create(Path.Combine(folder, FileName));
            forest.Write(stream);
        }
    }
}
