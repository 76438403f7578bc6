using System.Diagnostics;
using System.Globalization;
using Lodestone.Features;
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
        if (typed.ValidationFraction is < 0 or >= 1 || double.IsNaN(typed.ValidationFraction)) problems.Add("ValidationFraction must be in [0, 1).");
        return problems;
    }

    public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context) =>
        System.Threading.Tasks.Task.Run<ITrainedModel>(() => Fit(data, Typed(options), context), context.CancellationToken);

    public LightGbmModel Fit(WindowSet data, LightGbmOptions options, ITrainingContext context)
    {
        TrainerChecks.ThrowIfAny(Kind, Check(data, options));
        var channels = options.Channels.Count > 0 ? options.Channels : [.. data.Channels];
        var classes = data.LabelNames();
        var multiLabel = LabelledFeatures.IsMultiLabel(data);
        var (fitted, heldOut) = HoldOut(data, options, context);
        var features = LabelledFeatures.From(fitted, channels, options.Bands);
        var targets = LightGbmTargets.Fitted(features.Labels, classes, multiLabel, options.BalanceClasses);
        var minimumLeaf = options.MinimumWindowsPerLeaf > 0 ? options.MinimumWindowsPerLeaf : Math.Clamp(features.Rows.Rows / 20, 1, 20);
        var ml = new MLContext(options.Seed);
        context.Log(TrainingLogLevel.Information,
            $"{Kind}: {features.Rows.Rows} windows × {features.Rows.Columns} features, {classes.Count} labels, {(multiLabel ? "multi-label" : "single-label")}.");
        var settings = new LightGbmModel.Settings(Kind, multiLabel, [.. classes], [.. channels], options.Bands);
        ITransformer[] models;
        if (!multiLabel)
        {
            var view = LightGbmRows.Load(ml, features.Rows, r => ((uint)targets.Classes[r], false, targets.Weights[0][r]));
            // Class indices become keys ordered by value, so score slot i is class i.
            models = [ml.Transforms.Conversion.MapValueToKey(nameof(LightGbmRows.Label), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Append(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = nameof(LightGbmRows.Label), FeatureColumnName = nameof(LightGbmRows.Features),
                ExampleWeightColumnName = nameof(LightGbmRows.Weight), NumberOfIterations = options.Iterations,
                LearningRate = options.LearningRate, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = minimumLeaf,
                Seed = options.Seed, Silent = true, Booster = Booster(options),
            })).Fit(view)];
        }
        else
        {
            models = new ITransformer[classes.Count];
            for (var c = 0; c < classes.Count; c++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var label = c;
                var view = LightGbmRows.Load(ml, features.Rows, r => (0u, targets.Sets[r][label], targets.Weights[label][r]));
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
        var clock = Stopwatch.StartNew();
        if (Replayable(models, model, features, context) is { } curve)
        {
            ReportCurve(curve, features, targets, heldOut is null ? null : LabelledFeatures.From(heldOut, channels, options.Bands), classes, context);
            context.Log(TrainingLogLevel.Debug, string.Create(CultureInfo.InvariantCulture,
                $"{Kind}: {curve.Rounds} rounds replayed for the learning curve in {clock.Elapsed.TotalMilliseconds:0.0} ms."));
        }
        return model;
    }

    /// <summary>
    /// Holds out the latest <see cref="LightGbmOptions.ValidationFraction"/> of each label's windows by time (see
    /// <see cref="LightGbmValidation"/>) to draw the validation curve; the model is fitted on the rest. Without a usable
    /// split (the rest fails the check, or nothing is held out) every window is fitted and only the training curve is drawn.
    /// </summary>
    private (WindowSet Fitted, WindowSet? HeldOut) HoldOut(WindowSet data, LightGbmOptions options, ITrainingContext context)
    {
        if (options.ValidationFraction <= 0) return (data, null);
        var split = LightGbmValidation.Split(data, options.ValidationFraction);
        var fitted = data.Select(split.Fitted);
        var missing = data.LabelNames().Except(fitted.LabelNames()).ToList();
        var reason = Check(fitted, options).FirstOrDefault()
            ?? (missing.Count > 0 ? $"no window carries {string.Join(", ", missing)}." : null)
            ?? (split.HeldOut.Length == 0 ? "no label has windows enough to spare one." : null);
        if (reason is not null)
        {
            context.Log(TrainingLogLevel.Information, $"No validation curve, fitting on all {data.Count} windows: without the held-out ones, {reason}");
            return (data, null);
        }
        context.Log(TrainingLogLevel.Information, string.Create(CultureInfo.InvariantCulture,
            $"The latest {options.ValidationFraction:P0} of each label's windows by time ({split.HeldOut.Length}) draw the validation curve; the model is fitted on {split.Fitted.Length} ({split.Dropped} overlapping them left out)."));
        return (fitted, data.Select(split.HeldOut));
    }

    /// <summary>
    /// The fit's trees, ready to replay, when the replay's last round gives the model's own probabilities (on up to
    /// <see cref="CheckedWindows"/> of the fitted windows: a replay that routed or linked otherwise would be off on most); otherwise (an
    /// ML.NET whose models look otherwise) the run gets a warning and no curve, and keeps its model.
    /// </summary>
    private LightGbmLearningCurve? Replayable(ITransformer[] models, LightGbmModel model, LabelledFeatures fitted, ITrainingContext context)
    {
        try
        {
            var sample = Sample(fitted.Rows);
            var predicted = model.Probabilities(sample);
            var gap = double.PositiveInfinity;
            foreach (var curve in LightGbmLearningCurve.Candidates(models, model.Model.MultiLabel, model.Threshold))
            {
                var replayed = curve.FinalProbabilities(sample);
                gap = Math.Min(gap, replayed.Zip(predicted, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).DefaultIfEmpty(0).Max());
                if (gap <= ReplayTolerance) return curve;
            }
            context.Log(TrainingLogLevel.Warning, string.Create(CultureInfo.InvariantCulture,
                $"{Kind}: no learning curve: replaying the trees gives probabilities up to {gap:0.####} away from the model's own."));
        }
        catch (InvalidOperationException e)
        {
            context.Log(TrainingLogLevel.Warning, $"{Kind}: no learning curve: {e.Message}");
        }
        return null;
    }

    /// <summary>ML.NET sums the trees in single precision; the replay sums them in double.</summary>
    private const double ReplayTolerance = 1e-4;

    /// <summary>Windows enough to catch a replay that routes or links differently from the model, evenly spread.</summary>
    private const int CheckedWindows = 256;

    private static FeatureMatrix Sample(FeatureMatrix rows)
    {
        if (rows.Rows <= CheckedWindows) return rows;
        var values = new float[CheckedWindows * rows.Columns];
        for (var i = 0; i < CheckedWindows; i++)
            rows.Row((int)((long)i * rows.Rows / CheckedWindows)).CopyTo(values.AsSpan(i * rows.Columns, rows.Columns));
        return new FeatureMatrix(rows.Names, values);
    }

    /// <summary>Replays the fit round by round and reports each reported round's metrics, with progress through the rounds.</summary>
    private static void ReportCurve(LightGbmLearningCurve curve, LabelledFeatures fitted, LightGbmTargets targets, LabelledFeatures? heldOut,
        IReadOnlyList<string> classes, ITrainingContext context)
    {
        if (curve.Rounds == 0) return;
        var steps = LightGbmLearningCurve.Steps(curve.Rounds);
        var token = context.CancellationToken;
        var train = curve.Replay(fitted.Rows, targets, steps, token);
        var validation = heldOut is null ? default((double[] Loss, double[] Accuracy)?)
            : curve.Replay(heldOut.Rows, LightGbmTargets.HeldOut(heldOut.Labels, classes, targets), steps, token);
        for (var s = 0; s < steps.Count; s++)
        {
            var metrics = new Dictionary<string, double> { ["loss"] = train.Loss[s], ["accuracy"] = train.Accuracy[s] };
            if (validation is { } v)
            {
                metrics["val_loss"] = v.Loss[s];
                metrics["val_accuracy"] = v.Accuracy[s];
            }
            context.ReportMetrics(steps[s], metrics);
            context.ReportProgress(steps[s], steps[^1]);
        }
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
