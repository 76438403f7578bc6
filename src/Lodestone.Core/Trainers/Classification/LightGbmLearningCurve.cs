using System.Reflection;
using Lodestone.Features;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Lodestone.Trainers.Classification;

/// <summary>
/// The learning curve of a fitted LightGBM classifier, replayed round by round from its trees: <c>loss</c> and
/// <c>accuracy</c> on the windows it was fitted on, <c>val_loss</c> and <c>val_accuracy</c> on held-out windows, under the
/// names the deep trainers use, at every boosting round (every k-th for long fits, and always the last).
/// <para>
/// Why replayed and not live: ML.NET runs every round inside one <c>Fit</c> call and evaluates the training and validation
/// metric only every 50th round, into a progress channel that neither <see cref="MLContext.Log"/> nor any option exposes;
/// LightGBM's C API prints no per-round metrics at all (its Python and command-line wrappers do that). The trees the model
/// keeps are the whole story, though: after round t a window's raw score for a class is the ensemble's bias plus the
/// weighted leaf values of its first t trees (LightGBM folds its initial score into the first tree), so the replay gives the
/// exact curve of what was fitted, for the multiclass model and for each binary model of a multi-label fit alike, in time
/// linear in windows × trees. The price is that the curve arrives when the fit ends rather than during it.
/// </para>
/// <para>
/// One approximation: in a multiclass model ML.NET drops a class's single-leaf trees (a round in which that class had
/// nothing left to split, which adds nothing to its score), so that class's later trees are counted from an earlier round.
/// The last point is exact, and rounds stop altogether once no class can split.
/// </para>
/// </summary>
internal sealed class LightGbmLearningCurve
{
    /// <summary>The most points a curve gets; longer fits report every k-th round.</summary>
    public const int MaxPoints = 200;

    private const double Epsilon = 1e-15;
    private const long ParallelWork = 1_000_000;

    private readonly Tree[][] _trees;
    private readonly double[] _bias;
    private readonly double[] _slopes;
    private readonly double[] _offsets;
    private readonly Link _link;
    private readonly double _threshold;

    /// <summary>How a model turns its per-class raw scores into probabilities.</summary>
    public enum Link
    {
        /// <summary>Each label's own calibrated probability (one binary model per label).</summary>
        PerLabel,

        /// <summary>A softmax over the classes' raw scores (ML.NET's multiclass objective, chosen for large data).</summary>
        Softmax,

        /// <summary>Each class's calibrated probability, divided by their sum (ML.NET's one-versus-all objective, chosen for small data).</summary>
        NormalizedPerClass,
    }

    private LightGbmLearningCurve(RegressionTreeEnsemble[] ensembles, PlattCalibrator[] calibrators, Link link, double threshold)
    {
        _trees = [.. ensembles.Select(e => e.Trees.Select((t, i) => new Tree(t, e.TreeWeights[i])).ToArray())];
        _bias = [.. ensembles.Select(e => e.Bias)];
        _slopes = [.. calibrators.Select(c => c.Slope)];
        _offsets = [.. calibrators.Select(c => c.Offset)];
        _link = link;
        _threshold = threshold;
    }

    /// <summary>The number of boosting rounds the models ran (LightGBM stops early when no split gains anything).</summary>
    public int Rounds => _trees.Max(t => t.Length);

    /// <summary>
    /// The replays a fitted model may be: one binary model per label; or, for the multiclass model, its per-class
    /// ensembles under each way ML.NET may combine them. ML.NET picks the multiclass objective by the number of windows
    /// (one-versus-all below 50,000, softmax from there), so the trainer keeps the replay whose last round gives the
    /// model's own probabilities rather than repeat that rule.
    /// </summary>
    public static IEnumerable<LightGbmLearningCurve> Candidates(ITransformer[] models, bool multiLabel, double threshold)
    {
        if (!multiLabel)
        {
            var chain = models.Single() as TransformerChain<MulticlassPredictionTransformer<OneVersusAllModelParameters>>
                ?? throw new InvalidOperationException($"A multiclass LightGBM pipeline was expected, not {models.Single().GetType().Name}.");
            var perClass = PerClass(chain.LastTransformer.Model).ToArray();
            RegressionTreeEnsemble[] ensembles = [.. perClass.Select(c => c.SubModel.TrainedTreeEnsemble)];
            PlattCalibrator[] calibrators = [.. perClass.Select(c => c.Calibrator)];
            return [new(ensembles, calibrators, Link.NormalizedPerClass, threshold), new(ensembles, calibrators, Link.Softmax, threshold)];
        }
        var calibrated = models.Select(m => (m as BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>>)?.Model
            ?? throw new InvalidOperationException($"A calibrated binary LightGBM model was expected, not {m.GetType().Name}.")).ToArray();
        return [new([.. calibrated.Select(c => c.SubModel.TrainedTreeEnsemble)], [.. calibrated.Select(c => c.Calibrator)], Link.PerLabel, threshold)];
    }

    /// <summary>
    /// The per-class models of a multiclass model. ML.NET makes the trees of a binary LightGBM model public but keeps a
    /// multiclass model's per-class models behind the internal <c>SubModelParameters</c>, so they are read by reflection;
    /// the version of ML.NET is pinned, and the tests fail if an upgrade moves them.
    /// </summary>
    private static IEnumerable<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> PerClass(OneVersusAllModelParameters model)
    {
        var property = typeof(OneVersusAllModelParameters).GetProperty("SubModelParameters", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("This ML.NET keeps no SubModelParameters in a multiclass model.");
        if (property.GetValue(model) is not IEnumerable<object> subModels)
            throw new InvalidOperationException("This ML.NET's SubModelParameters is not a list of models.");
        return subModels.Select(m => m as CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>
            ?? throw new InvalidOperationException($"A calibrated LightGBM tree ensemble was expected, not {m.GetType().Name}."));
    }

    /// <summary>The rounds a curve reports: every k-th so that there are at most <see cref="MaxPoints"/>, and always the last.</summary>
    public static IReadOnlyList<int> Steps(int rounds)
    {
        var every = Math.Max(1, (rounds + MaxPoints - 1) / MaxPoints);
        var steps = Enumerable.Range(1, rounds / every).Select(i => i * every).ToList();
        if (steps.Count == 0 || steps[^1] != rounds) steps.Add(rounds);
        return steps;
    }

    /// <summary>Each window's probabilities after the last round: the replay's own check against the model's predictions.</summary>
    public double[][] FinalProbabilities(FeatureMatrix rows)
    {
        var result = new double[rows.Rows][];
        for (var r = 0; r < rows.Rows; r++)
        {
            var features = rows.Row(r);
            var raw = (double[])_bias.Clone();
            for (var m = 0; m < _trees.Length; m++)
                foreach (var tree in _trees[m]) raw[m] += tree.Output(features);
            result[r] = Probabilities(raw);
        }
        return result;
    }

    /// <summary>Weighted mean log loss and accuracy of <paramref name="rows"/> after each of <paramref name="steps"/>.</summary>
    public (double[] Loss, double[] Accuracy) Replay(FeatureMatrix rows, LightGbmTargets targets, IReadOnlyList<int> steps,
        CancellationToken cancellationToken)
    {
        var k = _trees.Length;
        // Per step: the weighted loss sum per model, and the windows judged right; one set per worker, summed at the end.
        var lossSums = new double[steps.Count, k];
        var correct = new int[steps.Count];
        var gate = new Lock();
        // Threads pay off only when there is real work: a few dozen windows replay faster than workers start.
        var work = (long)rows.Rows * steps[^1] * k;
        Parallel.For(0, rows.Rows, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = work < ParallelWork ? 1 : -1 },
            () => (Loss: new double[steps.Count, k], Correct: new int[steps.Count]),
            (r, _, local) =>
            {
                var features = rows.Row(r);
                var raw = (double[])_bias.Clone();
                var p = new double[k];
                var step = 0;
                for (var round = 1; round <= steps[^1]; round++)
                {
                    for (var m = 0; m < k; m++)
                        if (round <= _trees[m].Length) raw[m] += _trees[m][round - 1].Output(features);
                    if (round != steps[step]) continue;
                    var right = Score(raw, p, targets, r, local.Loss, step);
                    if (right) local.Correct[step]++;
                    step++;
                }
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var s = 0; s < steps.Count; s++)
                    {
                        correct[s] += local.Correct[s];
                        for (var m = 0; m < k; m++) lossSums[s, m] += local.Loss[s, m];
                    }
                }
            });
        var weightSums = targets.Weights.Select(w => w.Sum(v => (double)v)).ToArray();
        var loss = new double[steps.Count];
        var accuracy = new double[steps.Count];
        for (var s = 0; s < steps.Count; s++)
        {
            // Multi-label: the mean over labels of each binary model's weighted loss; single-label: the one model's.
            loss[s] = Enumerable.Range(0, targets.Weights.Length).Average(m => weightSums[m] > 0 ? lossSums[s, m] / weightSums[m] : 0);
            accuracy[s] = (double)correct[s] / targets.Rows;
        }
        return (loss, accuracy);
    }

    /// <summary>Probabilities from raw scores, as the fitted model makes them (see <see cref="Link"/>).</summary>
    private double[] Probabilities(double[] raw)
    {
        var p = new double[raw.Length];
        Probabilities(raw, p);
        return p;
    }

    /// <summary>Writes the probabilities into <paramref name="p"/>: the replay calls this per window and round, so it allocates nothing.</summary>
    private void Probabilities(double[] raw, double[] p)
    {
        if (_link == Link.Softmax)
        {
            var max = raw.Max();
            double total = 0;
            for (var m = 0; m < raw.Length; m++) total += p[m] = Math.Exp(raw[m] - max);
            for (var m = 0; m < raw.Length; m++) p[m] /= total;
            return;
        }
        double sum = 0;
        for (var m = 0; m < raw.Length; m++) sum += p[m] = 1 / (1 + Math.Exp(_slopes[m] * raw[m] + _offsets[m]));
        if (_link == Link.PerLabel) return;
        for (var m = 0; m < raw.Length; m++) p[m] = sum > 0 ? p[m] / sum : 1.0 / p.Length;
    }

    /// <summary>Adds one window's weighted loss per model at a step; returns whether the window's labels are predicted right.</summary>
    private bool Score(double[] raw, double[] p, LightGbmTargets targets, int r, double[,] loss, int step)
    {
        Probabilities(raw, p);
        if (_link != Link.PerLabel)
        {
            var truth = targets.Classes[r];
            loss[step, 0] -= targets.Weights[0][r] * Math.Log(Math.Max(p[truth], Epsilon));
            var best = 0;
            for (var c = 1; c < p.Length; c++) if (p[c] > p[best]) best = c;
            return best == truth;
        }
        var right = true;
        for (var m = 0; m < p.Length; m++)
        {
            var yes = targets.Sets[r][m];
            loss[step, m] -= targets.Weights[m][r] * Math.Log(Math.Max(yes ? p[m] : 1 - p[m], Epsilon));
            right &= yes == p[m] >= _threshold;
        }
        return right;
    }

    /// <summary>
    /// One tree, routed as ML.NET routes it: at a numerical split a value at or below the threshold goes left; a negative
    /// child is the complement of a leaf index. Window features are never categorical and never missing (the feature
    /// extractor gives numbers for every window), so the splits' categorical and missing-value rules do not arise; the
    /// trainer still checks the replay's last round against the model's own probabilities.
    /// </summary>
    private sealed class Tree
    {
        private readonly int[] _left;
        private readonly int[] _right;
        private readonly int[] _feature;
        private readonly float[] _threshold;
        private readonly double[] _leaf;

        public Tree(RegressionTree tree, double weight)
        {
            if (tree.CategoricalSplitFlags.Any(c => c))
                throw new InvalidOperationException("The tree has categorical splits, which window features never make.");
            _left = [.. tree.LeftChild];
            _right = [.. tree.RightChild];
            _feature = [.. tree.NumericalSplitFeatureIndexes];
            _threshold = [.. tree.NumericalSplitThresholds];
            _leaf = [.. tree.LeafValues.Select(v => weight * v)];
        }

        public double Output(ReadOnlySpan<float> features)
        {
            if (_left.Length == 0) return _leaf[0];
            var node = 0;
            while (node >= 0) node = features[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
            return _leaf[~node];
        }
    }
}
