using Lodestone.Evaluation;
using Lodestone.Training;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// Collects a classifier's outputs over an epoch and reports the figures of <see cref="ClassificationMetrics"/> under
/// the names of the learning curves: <c>accuracy</c> and <c>macro_f1</c>, and for multi-label also <c>micro_f1</c> and
/// <c>f1_{label}</c> per label (accuracy is then exact-set accuracy); a prefix such as <c>val_</c> marks held-out windows.
/// </summary>
internal sealed class EpochScore(IReadOnlyList<string> labels, bool multiLabel, double threshold)
{
    private readonly List<double[]> probabilities = [];
    private readonly List<int> classes = [];
    private readonly List<bool[]> sets = [];

    public void Add(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        var k = labels.Count;
        var rows = (int)logits.shape[0];
        var p = (multiLabel ? logits.detach().sigmoid() : logits.detach().softmax(1)).cpu().data<float>().ToArray();
        for (var i = 0; i < rows; i++) probabilities.Add(p.AsSpan(i * k, k).ToArray().Select(v => (double)v).ToArray());
        if (multiLabel)
        {
            var truth = target.cpu().data<float>().ToArray();
            for (var i = 0; i < rows; i++) sets.Add(truth.AsSpan(i * k, k).ToArray().Select(v => v > 0.5f).ToArray());
        }
        else classes.AddRange(target.cpu().data<long>().ToArray().Select(c => (int)c));
    }

    public Dictionary<string, double> Metrics(string prefix)
    {
        var metrics = new Dictionary<string, double>();
        if (probabilities.Count == 0) return metrics;
        var figures = multiLabel
            ? ClassificationMetrics.EvaluateMultiLabel(labels, sets, probabilities, threshold)
            : ClassificationMetrics.Evaluate(labels, classes, probabilities);
        metrics[prefix + "accuracy"] = figures.Accuracy;
        metrics[prefix + "macro_f1"] = figures.MacroF1;
        if (multiLabel)
        {
            metrics[prefix + "micro_f1"] = figures.MicroF1;
            // A label name too long for a metric key keeps its figure in the micro and macro averages only.
            foreach (var label in figures.PerClass.Where(c => prefix.Length + 3 + c.Name.Length <= MetricValue.MaxKeyLength))
                metrics[$"{prefix}f1_{label.Name}"] = label.F1;
        }
        return metrics;
    }
}
