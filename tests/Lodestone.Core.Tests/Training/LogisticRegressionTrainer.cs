using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// A small real iterative trainer for the engine's tests: logistic regression on each window's channel means, fitted by
/// full-batch gradient descent, one step per epoch, with a checkpoint after every epoch. Label "b" is the positive class.
/// </summary>
public sealed class LogisticRegressionTrainer : ITrainer
{
    public const string KindName = "test-logistic-regression";

    public string Kind => KindName;
    public TrainingTask Task => TrainingTask.Classification;
    public Type OptionsType => typeof(LogisticRegressionOptions);
    public TrainerOptions CreateDefaultOptions() => new LogisticRegressionOptions();

    public IReadOnlyList<string> Check(WindowSet data, TrainerOptions options) =>
        data.Labels.Any(l => l is null) ? ["Every window needs a label."] : [];

    public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context) =>
        System.Threading.Tasks.Task.Run<ITrainedModel>(() => Fit(data, (LogisticRegressionOptions)options, context));

    private static ITrainedModel Fit(WindowSet data, LogisticRegressionOptions options, ITrainingContext context)
    {
        var features = Features(data);
        var y = data.Labels.Select(l => l!.ContainsKey("b") ? 1.0 : 0.0).ToArray();
        var d = data.Channels.Count;
        var weights = new double[d + 1];
        var start = 0;
        if (context.LatestCheckpoint is { } checkpoint)
        {
            weights = new double[d + 1];
            Buffer.BlockCopy(checkpoint.State, 0, weights, 0, checkpoint.State.Length);
            start = checkpoint.Step + 1;
        }
        context.Log(TrainingLogLevel.Information, $"starting at epoch {start} of {options.Epochs}");
        for (var epoch = start; epoch < options.Epochs; epoch++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var gradient = new double[d + 1];
            double loss = 0, correct = 0;
            for (var i = 0; i < y.Length; i++)
            {
                var p = Predict(weights, features[i]);
                loss -= y[i] * Math.Log(p + 1e-12) + (1 - y[i]) * Math.Log(1 - p + 1e-12);
                if ((p >= 0.5) == (y[i] == 1)) correct++;
                for (var j = 0; j < d; j++) gradient[j] += (p - y[i]) * features[i][j];
                gradient[d] += p - y[i];
            }
            for (var j = 0; j <= d; j++) weights[j] -= options.LearningRate * gradient[j] / y.Length;
            context.ReportMetrics(epoch, new Dictionary<string, double> { ["loss"] = loss / y.Length, ["accuracy"] = correct / y.Length });
            var state = new byte[weights.Length * sizeof(double)];
            Buffer.BlockCopy(weights, 0, state, 0, state.Length);
            context.SaveCheckpoint(new TrainingCheckpoint(epoch, state));
            context.ReportProgress(epoch + 1, options.Epochs);
        }
        return new Model(weights);
    }

    private static double[][] Features(WindowSet data) =>
        Enumerable.Range(0, data.Count).Select(w => Enumerable.Range(0, data.Channels.Count)
            .Select(c => (double)data.Series(w, c).ToArray().Average()).ToArray()).ToArray();

    private static double Predict(double[] weights, double[] x)
    {
        var z = weights[^1];
        for (var j = 0; j < x.Length; j++) z += weights[j] * x[j];
        return 1 / (1 + Math.Exp(-z));
    }

    private sealed class Model(double[] weights) : ITrainedModel
    {
        public string Kind => KindName;
        public TrainingTask Task => TrainingTask.Classification;

        public IReadOnlyList<Prediction> Predict(WindowSet data) =>
            Features(data).Select(x => LogisticRegressionTrainer.Predict(weights, x)).Select(p => new Prediction(p, Labels: [p >= 0.5 ? "b" : "a"])).ToList();

        public void Save(string folder) => File.WriteAllText(Path.Combine(folder, "weights.txt"), string.Join('\n', weights));
    }
}

public sealed class LogisticRegressionOptions : TrainerOptions
{
    public int Epochs { get; set; } = 12;
    public double LearningRate { get; set; } = 0.5;

    /// <summary>A setting of tests only: how many labels <see cref="GeneratedWindows"/> makes ("a", "b", "c"…).</summary>
    public int GeneratedLabels { get; set; } = 2;
}
