using Lodestone.Features;

namespace Lodestone.Trainers.Anomaly;

/// <summary>
/// What every detector's training shares: the data check, preprocessing, fitting the scorer, and choosing the threshold
/// from contamination or from labelled windows. Derived trainers fit only their scorer.
/// </summary>
public abstract class AnomalyTrainer<TOptions> : ITrainer where TOptions : AnomalyDetectorOptions, new()
{
    public abstract string Kind { get; }
    public TrainingTask Task => TrainingTask.AnomalyDetection;
    public Type OptionsType => typeof(TOptions);
    public TrainerOptions CreateDefaultOptions() => new TOptions();

    /// <summary>The fewest windows this detector can be fitted on.</summary>
    protected virtual int MinimumWindows => 10;

    public IReadOnlyList<string> Check(WindowSet data, TrainerOptions options)
    {
        var typed = Typed(options);
        var problems = new List<string>();
        TrainerChecks.MinimumWindows(data, MinimumWindows, Kind, problems);
        TrainerChecks.Channels(data, typed, problems);
        if (typed.Contamination is <= 0 or > 0.5)
            problems.Add($"Contamination must be in (0, 0.5]; it is {typed.Contamination}.");
        if (typed.ThresholdSource == ThresholdSource.Validation)
        {
            var truth = Truth(data, typed.AnomalyLabel);
            if (!truth.Any(t => t == true) || !truth.Any(t => t == false))
                problems.Add($"A threshold from labelled windows needs windows labelled '{typed.AnomalyLabel}' and windows with other labels.");
        }
        CheckMore(data, typed, problems);
        return problems;
    }

    protected virtual void CheckMore(WindowSet data, TOptions options, List<string> problems) { }

    public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context) =>
        System.Threading.Tasks.Task.Run<ITrainedModel>(() => Fit(data, Typed(options), context), context.CancellationToken);

    public AnomalyModel Fit(WindowSet data, TOptions options, ITrainingContext context)
    {
        TrainerChecks.ThrowIfAny(Kind, Check(data, options));
        var preprocessor = AnomalyPreprocessor.Fit(data, options);
        var rows = preprocessor.Transform(data);
        context.Log(TrainingLogLevel.Information, $"{Kind}: {rows.Rows} rows × {rows.Columns} columns ({preprocessor.Input}).");
        var scorer = FitScorer(rows, options, context);
        var scores = scorer.Score(rows);
        double threshold;
        if (options.ThresholdSource == ThresholdSource.Validation)
        {
            var truth = Truth(data, options.AnomalyLabel);
            var labelled = Enumerable.Range(0, data.Count).Where(i => truth[i] is not null).ToArray();
            threshold = AnomalyThreshold.BestF1(labelled.Select(i => scores[i]).ToArray(), labelled.Select(i => truth[i]!.Value).ToArray());
        }
        else threshold = AnomalyThreshold.FromContamination(scores, options.Contamination);
        var flagged = scores.Count(s => s > threshold);
        context.ReportMetrics(0, new Dictionary<string, double>
        {
            ["threshold"] = threshold,
            ["train_flagged_fraction"] = (double)flagged / scores.Length,
            ["train_score_mean"] = scores.Average(),
        });
        return new AnomalyModel(Kind, preprocessor, scorer, threshold);
    }

    protected abstract IAnomalyScorer FitScorer(FeatureMatrix rows, TOptions options, ITrainingContext context);

    /// <summary>Per window: true when labelled anomalous, false when labelled otherwise, null when unlabelled.</summary>
    private static bool?[] Truth(WindowSet data, string anomalyLabel) =>
        data.Labels.Select(l => l is null ? (bool?)null : l.ContainsKey(anomalyLabel)).ToArray();

    private TOptions Typed(TrainerOptions options) => options as TOptions
        ?? throw new ArgumentException($"{Kind} takes {typeof(TOptions).Name}, not {options.GetType().Name}.", nameof(options));
}
