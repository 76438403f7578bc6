namespace Lodestone.Evaluation;

/// <summary>
/// Classification quality. Single-label: accuracy, per-class and macro/micro precision/recall/F1 (micro equals accuracy),
/// ROC-AUC and PR-AUC one-vs-rest, a confusion matrix (rows: truth, columns: prediction), and the expected calibration error
/// of the top probability over equal-width bins. Multi-label: accuracy is exact-set accuracy, each label is judged as its
/// own binary decision at the model's threshold (0.5 unless it has its own), micro figures pool all (window, label) decisions, and there is no confusion matrix.
/// </summary>
public sealed record ClassificationMetrics(
    IReadOnlyList<string> Classes,
    double Accuracy,
    IReadOnlyList<ClassMetrics> PerClass,
    double MacroPrecision, double MacroRecall, double MacroF1,
    double MicroPrecision, double MicroRecall, double MicroF1,
    double MacroRocAuc, double MacroPrAuc,
    int[][]? ConfusionMatrix,
    double ExpectedCalibrationError,
    IReadOnlyList<ReliabilityBin> Reliability)
{
    public static ClassificationMetrics Evaluate(IReadOnlyList<string> classes, IReadOnlyList<int> truth,
        IReadOnlyList<double[]> probabilities, int bins = 10)
    {
        var k = classes.Count;
        var n = truth.Count;
        var predicted = probabilities.Select(ArgMax).ToArray();
        var confusion = Enumerable.Range(0, k).Select(_ => new int[k]).ToArray();
        for (var i = 0; i < n; i++) confusion[truth[i]][predicted[i]]++;
        var perClass = Enumerable.Range(0, k).Select(c =>
        {
            var tp = confusion[c][c];
            var predictedCount = Enumerable.Range(0, k).Sum(t => confusion[t][c]);
            var support = confusion[c].Sum();
            var binary = truth.Select(t => t == c).ToArray();
            var scores = probabilities.Select(p => p[c]).ToArray();
            return Describe(classes[c], tp, predictedCount, support, scores, binary);
        }).ToList();
        var correct = Enumerable.Range(0, n).Count(i => predicted[i] == truth[i]);
        var accuracy = n > 0 ? (double)correct / n : 0;
        var (ece, reliability) = Calibration(probabilities.Select(p => p[ArgMax(p)]).ToArray(),
            Enumerable.Range(0, n).Select(i => predicted[i] == truth[i]).ToArray(), bins);
        return new ClassificationMetrics(classes, accuracy, perClass,
            perClass.Average(c => c.Precision), perClass.Average(c => c.Recall), perClass.Average(c => c.F1),
            accuracy, accuracy, accuracy, MeanDefined(perClass.Select(c => c.RocAuc)), MeanDefined(perClass.Select(c => c.PrAuc)),
            confusion, ece, reliability);
    }

    public static ClassificationMetrics EvaluateMultiLabel(IReadOnlyList<string> classes, IReadOnlyList<bool[]> truth,
        IReadOnlyList<double[]> probabilities, double threshold = 0.5, int bins = 10)
    {
        var k = classes.Count;
        var n = truth.Count;
        var decided = probabilities.Select(p => p.Select(v => v >= threshold).ToArray()).ToArray();
        int tpAll = 0, predictedAll = 0, supportAll = 0;
        var perClass = Enumerable.Range(0, k).Select(c =>
        {
            var binary = truth.Select(t => t[c]).ToArray();
            var tp = Enumerable.Range(0, n).Count(i => binary[i] && decided[i][c]);
            var predictedCount = decided.Count(d => d[c]);
            var support = binary.Count(b => b);
            tpAll += tp; predictedAll += predictedCount; supportAll += support;
            return Describe(classes[c], tp, predictedCount, support, probabilities.Select(p => p[c]).ToArray(), binary);
        }).ToList();
        var exact = Enumerable.Range(0, n).Count(i => decided[i].SequenceEqual(truth[i]));
        var microPrecision = Ratio(tpAll, predictedAll);
        var microRecall = Ratio(tpAll, supportAll);
        var (ece, reliability) = Calibration(probabilities.SelectMany(p => p).ToArray(), truth.SelectMany(t => t).ToArray(), bins);
        return new ClassificationMetrics(classes, n > 0 ? (double)exact / n : 0, perClass,
            perClass.Average(c => c.Precision), perClass.Average(c => c.Recall), perClass.Average(c => c.F1),
            microPrecision, microRecall, F1(microPrecision, microRecall),
            MeanDefined(perClass.Select(c => c.RocAuc)), MeanDefined(perClass.Select(c => c.PrAuc)), null, ece, reliability);
    }

    /// <summary>Expected calibration error: Σ (|bin| / n) · |accuracy(bin) − mean confidence(bin)| over equal-width bins.</summary>
    public static (double Ece, IReadOnlyList<ReliabilityBin> Bins) Calibration(IReadOnlyList<double> confidence, IReadOnlyList<bool> correct, int bins)
    {
        var result = new List<ReliabilityBin>();
        double ece = 0;
        for (var b = 0; b < bins; b++)
        {
            var lower = (double)b / bins;
            var upper = (double)(b + 1) / bins;
            var members = Enumerable.Range(0, confidence.Count)
                .Where(i => confidence[i] >= lower && (confidence[i] < upper || (b == bins - 1 && confidence[i] <= upper))).ToArray();
            if (members.Length == 0)
            {
                result.Add(new ReliabilityBin(lower, upper, 0, double.NaN, double.NaN));
                continue;
            }
            var meanConfidence = members.Average(i => confidence[i]);
            var accuracy = members.Average(i => correct[i] ? 1.0 : 0.0);
            ece += (double)members.Length / confidence.Count * Math.Abs(accuracy - meanConfidence);
            result.Add(new ReliabilityBin(lower, upper, members.Length, meanConfidence, accuracy));
        }
        return (ece, result);
    }

    private static ClassMetrics Describe(string name, int truePositives, int predicted, int support, double[] scores, bool[] binary)
    {
        var precision = Ratio(truePositives, predicted);
        var recall = Ratio(truePositives, support);
        return new ClassMetrics(name, precision, recall, F1(precision, recall), support,
            Curves.RocAuc(scores, binary), Curves.PrAuc(scores, binary));
    }

    private static int ArgMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static double F1(double precision, double recall) => precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    private static double Ratio(double a, double b) => b > 0 ? a / b : 0;

    private static double MeanDefined(IEnumerable<double> values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        return defined.Length > 0 ? defined.Average() : double.NaN;
    }
}
