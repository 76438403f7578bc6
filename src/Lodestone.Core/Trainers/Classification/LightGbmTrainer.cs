using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Lodestone.Trainers.Classification;

/// <summary>
/// Gradient-boosted trees (ML.NET LightGBM) on window features. Single-label data train one multiclass model;
/// multi-label data (some window carries several labels) train one binary model per label. Labels' confidences and
/// (optionally) inverse class frequencies weight the windows; unlabelled windows are left out.
/// </summary>
public sealed class LightGbmTrainer : ITrainer
{
    public const string KindName = "lightgbm";

    public string Kind => KindName;
    public TrainingTask Task => TrainingTask.Classification;
    public Type OptionsType => typeof(LightGbmOptions);
    public TrainerOptions CreateDefaultOptions() => new LightGbmOptions();

    public IReadOnlyList<string> Check(WindowSet data, TrainerOptions options)
    {
        var typed = Typed(options);
        var problems = new List<string>();
        TrainerChecks.Channels(data, typed, problems);
        var present = data.LabelNames();
        var labelled = data.Labels.Count(l => l is { Count: > 0 });
        if (labelled < 10) problems.Add($"{Kind} needs at least 10 labelled windows; the data have {labelled}.");
        if (present.Count < 2) problems.Add($"{Kind} needs at least two labels; the data have {(present.Count == 0 ? "none" : string.Join(", ", present))}.");
        var missing = typed.Labels.Except(present).ToList();
        if (missing.Count > 0) problems.Add($"Missing labels: {string.Join(", ", missing)}.");
        if (typed.Iterations < 1) problems.Add("Iterations must be at least 1.");
        if (typed.LearningRate <= 0) problems.Add("LearningRate must be positive.");
        if (typed.FeatureFraction is <= 0 or > 1) problems.Add("FeatureFraction must be in (0, 1].");
        if (typed.RowFraction is <= 0 or > 1) problems.Add("RowFraction must be in (0, 1].");
        return problems;
    }

    public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context) =>
        System.Threading.Tasks.Task.Run<ITrainedModel>(() => Fit(data, Typed(options), context), context.CancellationToken);

    public LightGbmModel Fit(WindowSet data, LightGbmOptions options, ITrainingContext context)
    {
        TrainerChecks.ThrowIfAny(Kind, Check(data, options));
        var channels = options.Channels.Count > 0 ? options.Channels : [.. data.Channels];
        var features = LabelledFeatures.From(data, channels, options.Bands);
        var classes = data.LabelNames();
        var multiLabel = LabelledFeatures.IsMultiLabel(data);
        var minimumLeaf = options.MinimumWindowsPerLeaf > 0 ? options.MinimumWindowsPerLeaf : Math.Clamp(features.Rows.Rows / 20, 1, 20);
        var ml = new MLContext(options.Seed);
        context.Log(TrainingLogLevel.Information,
            $"{Kind}: {features.Rows.Rows} windows × {features.Rows.Columns} features, {classes.Count} labels, {(multiLabel ? "multi-label" : "single-label")}.");
        var settings = new LightGbmModel.Settings(Kind, multiLabel, [.. classes], [.. channels], options.Bands);
        ITransformer[] models;
        if (!multiLabel)
        {
            var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
            var targets = features.Labels.Select(l => index[LabelledFeatures.TopLabel(l)]).ToArray();
            var counts = classes.Select((_, c) => targets.Count(t => t == c)).ToArray();
            var view = LightGbmRows.Load(ml, features.Rows, r =>
            {
                var c = targets[r];
                var balance = options.BalanceClasses ? (float)targets.Length / (classes.Count * counts[c]) : 1f;
                return ((uint)c, false, balance * features.Labels[r][classes[c]]);
            });
            // Class indices become keys ordered by value, so score slot i is class i.
            models = [ml.Transforms.Conversion.MapValueToKey(nameof(LightGbmRows.Label), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Append(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = nameof(LightGbmRows.Label), FeatureColumnName = nameof(LightGbmRows.Features),
                ExampleWeightColumnName = nameof(LightGbmRows.Weight), NumberOfIterations = options.Iterations,
                LearningRate = options.LearningRate, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = minimumLeaf,
                Seed = options.Seed, Silent = true, Booster = Booster(options),
            })).Fit(view)];
            context.ReportProgress(1, 1);
        }
        else
        {
            models = new ITransformer[classes.Count];
            for (var c = 0; c < classes.Count; c++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var label = classes[c];
                var positives = features.Labels.Count(l => l.ContainsKey(label));
                var ratio = options.BalanceClasses && positives > 0 ? (float)(features.Labels.Length - positives) / positives : 1f;
                var view = LightGbmRows.Load(ml, features.Rows, r =>
                    features.Labels[r].TryGetValue(label, out var confidence) ? (0u, true, ratio * confidence) : (0u, false, 1f));
                models[c] = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    LabelColumnName = nameof(LightGbmRows.Flag), FeatureColumnName = nameof(LightGbmRows.Features),
                    ExampleWeightColumnName = nameof(LightGbmRows.Weight), NumberOfIterations = options.Iterations,
                    LearningRate = options.LearningRate, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = minimumLeaf,
                    Seed = options.Seed, Silent = true, Booster = Booster(options),
                }).Fit(view);
                context.ReportProgress(c + 1, classes.Count);
            }
        }
        var model = new LightGbmModel(settings, ml, models, LightGbmRows.Load(ml, features.Rows).Schema);
        var probabilities = model.Probabilities(features.Rows);
        var correct = Enumerable.Range(0, probabilities.Length).Count(r =>
            classes[Array.IndexOf(probabilities[r], probabilities[r].Max())] == LabelledFeatures.TopLabel(features.Labels[r]));
        context.ReportMetrics(options.Iterations, new Dictionary<string, double> { ["train_accuracy"] = (double)correct / probabilities.Length });
        return model;
    }

    private static GradientBooster.Options Booster(LightGbmOptions options) => new()
    {
        FeatureFraction = options.FeatureFraction,
        SubsampleFraction = options.RowFraction,
        SubsampleFrequency = options.RowFraction < 1 ? 1 : 0,
    };

    private static LightGbmOptions Typed(TrainerOptions options) => options as LightGbmOptions
        ?? throw new ArgumentException($"{KindName} takes {nameof(LightGbmOptions)}, not {options.GetType().Name}.", nameof(options));
}
