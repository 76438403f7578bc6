using Lodestone.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Lodestone.Trainers.Anomaly;

/// <summary>
/// Principal-component reconstruction (ML.NET's RandomizedPca): rows far from the subspace of the training rows'
/// leading components score high. The score is ML.NET's, the norm of the reconstruction residual.
/// </summary>
public sealed class PcaDetectorTrainer : AnomalyTrainer<PcaDetectorOptions>
{
    public const string KindName = "pca";
    private const string FileName = "pca.zip";

    public override string Kind => KindName;

    protected override void CheckMore(WindowSet data, PcaDetectorOptions options, List<string> problems)
    {
        if (options.Rank < 0) problems.Add("Rank must be 0 (automatic) or positive.");
        var columns = options.Input == AnomalyInput.Raw || (options.Input == AnomalyInput.Auto && data.Length == 1)
            ? data.Channels.Count * data.Length : 2;
        if (columns < 2) problems.Add("PCA needs at least two input columns: choose more channels or summary features.");
    }

    /// <summary>The rank used for a number of input columns: the options' rank, or about a third of the columns.</summary>
    public static int RankFor(int columns, int requested) =>
        Math.Clamp(requested > 0 ? requested : (int)Math.Ceiling(columns / 3.0), 1, Math.Max(1, columns - 1));

    protected override IAnomalyScorer FitScorer(FeatureMatrix rows, PcaDetectorOptions options, ITrainingContext context)
    {
        var ml = new MLContext(options.Seed);
        var data = PcaRows.Load(ml, rows);
        var trainer = ml.AnomalyDetection.Trainers.RandomizedPca(PcaRows.FeatureColumn,
            rank: RankFor(rows.Columns, options.Rank), oversampling: options.Oversampling, ensureZeroMean: true, seed: options.Seed);
        var model = trainer.Fit(data);
        context.ReportProgress(1, 1);
        return new Scorer(ml, model, data.Schema);
    }

    public static AnomalyModel Load(string folder) => AnomalyModel.Load(folder, f =>
    {
        var ml = new MLContext();
        var model = ml.Model.Load(Path.Combine(f, FileName), out var schema);
        return new Scorer(ml, model, schema);
    });

    private sealed class Scorer(MLContext ml, ITransformer model, DataViewSchema schema) : IAnomalyScorer
    {
        public double[] Score(FeatureMatrix rows) =>
            model.Transform(PcaRows.Load(ml, rows)).GetColumn<float>("Score").Select(s => (double)s).ToArray();

        public void Save(string folder) => ml.Model.Save(model, schema, Path.Combine(folder, FileName));
    }
}
