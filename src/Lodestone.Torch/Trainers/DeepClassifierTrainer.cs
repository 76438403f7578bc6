using Lodestone.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// Fits a deep classifier on raw windows; unlabelled windows are left out. Single-label data (each window has one label)
/// train a softmax head: a window's class is its label with the highest weight. Multi-label data (some window carries
/// several labels) train one sigmoid output per label. Label confidence weighs each window (or each of its labels), and
/// <see cref="DeepClassifierOptions.ClassWeighting"/> can weigh rare classes up. Continued training
/// (<see cref="DeepTrainerOptions.StartFrom"/>) keeps the earlier model's standardisation and label order, appends new
/// labels to the head, and keeps a multi-label model multi-label.
/// </summary>
public abstract class DeepClassifierTrainer : ITrainer, IModelLoader, IWarmStartTrainer
{
    public ITrainedModel Load(string folder) => DeepModels.Load(folder);

    public TrainerOptions StartFrom(TrainerOptions options, string modelFolder) => DeepTraining.StartFrom(options, modelFolder);

    public abstract string Kind { get; }
    public TrainingTask Task => TrainingTask.Classification;
    public Type OptionsType => typeof(DeepClassifierOptions);

    public virtual TrainerOptions CreateDefaultOptions() => new DeepClassifierOptions();

    public virtual IReadOnlyList<string> Check(WindowSet data, TrainerOptions options)
    {
        if (options is not DeepClassifierOptions deep) return [$"{Kind} takes {nameof(DeepClassifierOptions)}."];
        var problems = DeepTraining.CheckCommon(data, deep, Kind);
        var labelled = data.Labels.Count(l => l is { Count: > 0 });
        if (labelled < 4) problems.Add($"At least 4 labelled windows are needed; there are {labelled}.");
        var known = data.LabelNames().ToList();
        if (known.Count < 2 && string.IsNullOrWhiteSpace(deep.StartFrom)) problems.Add($"At least 2 labels are needed to classify; the windows have {known.Count}.");
        if (!string.IsNullOrWhiteSpace(deep.StartFrom) && File.Exists(Path.Combine(deep.StartFrom, DeepModelManifest.FileName)))
            known.AddRange(DeepModelManifest.Read(deep.StartFrom).Labels.Except(known));
        CheckClassWeights(deep, known, problems);
        if (deep.MultiLabelThreshold is <= 0 or >= 1 || double.IsNaN(deep.MultiLabelThreshold))
            problems.Add($"MultiLabelThreshold must be between 0 and 1 (exclusive); it is {deep.MultiLabelThreshold}.");
        return problems;
    }

    private static void CheckClassWeights(DeepClassifierOptions options, IReadOnlyList<string> known, List<string> problems)
    {
        if (options.ClassWeighting != ClassWeighting.Explicit)
        {
            if (options.ClassWeights.Count > 0)
                problems.Add($"ClassWeights are used only when ClassWeighting is 'explicit'; it is '{options.ClassWeighting.ToString().ToLowerInvariant()}'.");
            return;
        }
        if (options.ClassWeights.Count == 0) problems.Add("ClassWeighting 'explicit' needs ClassWeights: a weight per label.");
        var unknown = options.ClassWeights.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
            problems.Add($"ClassWeights name labels the data do not have: {string.Join(", ", unknown)} (labels: {string.Join(", ", known)}).");
        var invalid = options.ClassWeights.Where(p => !double.IsFinite(p.Value) || p.Value <= 0).Select(p => $"{p.Key} = {p.Value}").ToList();
        if (invalid.Count > 0) problems.Add($"Class weights must be positive: {string.Join(", ", invalid)}.");
    }

    public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context)
    {
        var problems = Check(data, options);
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(data));
        return DeepTraining.OnTrainingThread<ITrainedModel>(() => Fit(data, (DeepClassifierOptions)options, context));
    }

    private DeepClassifierModel Fit(WindowSet data, DeepClassifierOptions options, ITrainingContext context)
    {
        TorchRuntime.PrepareThread(options.Threads, options.Seed);
        var device = TorchRuntime.ChooseDevice();
        var parent = DeepTraining.ReadParent(options, Kind, data);

        var labels = (parent?.Labels ?? []).ToList();
        labels.AddRange(data.LabelNames().Where(l => !labels.Contains(l)));
        var multiLabel = parent?.IsMultiLabel == true || ClassifierTargets.IsMultiLabel(data);
        var targets = ClassifierTargets.Create(data, labels, multiLabel, options);
        var scaler = parent?.Scaler ?? ChannelScaler.Fit(data);
        context.Log(TrainingLogLevel.Information, $"{Kind}: {targets.Windows.Count} labelled windows, {labels.Count} labels, {(multiLabel ? "multi-label" : "single-label")}"
            + (options.ClassWeighting == ClassWeighting.None ? "." : $"; class weights {string.Join(", ", labels.Select((l, i) => $"{l} {targets.ClassWeights[i]:G3}"))}."));

        var network = DeepNetworks.Create(Kind, data.Channels.Count, data.Length, labels.Count, options);
        if (parent is not null)
        {
            using var earlier = DeepNetworks.Load(options.StartFrom!, parent, CPU);
            WarmStart.Copy(earlier, network);
            if (multiLabel && !parent.IsMultiLabel)
                context.Log(TrainingLogLevel.Information, "The earlier model was single-label; these windows carry several labels, so the head now predicts each label on its own.");
            if (labels.Count > parent.Labels.Count)
                context.Log(TrainingLogLevel.Information, $"New labels extend the head: {string.Join(", ", labels.Skip(parent.Labels.Count))}.");
        }
        network.to(device);

        var (train, valid) = DeepTraining.Split(targets.Windows, targets.Strata, options.ValidationFraction, options.Seed);
        using var trainX = DeepTraining.ToTensor(scaler.Transform(data, train), train.Count, data.Channels.Count, data.Length, device);
        var (trainY, trainWeight) = targets.ToTensors(train, device);
        using var validX = valid.Count > 0 ? DeepTraining.ToTensor(scaler.Transform(data, valid), valid.Count, data.Channels.Count, data.Length, device) : null;
        var (validY, validWeight) = targets.ToTensors(valid, device);
        try
        {
            var loop = new TrainingLoop(network, options, context, targets.Loss(device),
                () => new EpochScore(labels, multiLabel, options.MultiLabelThreshold));
            loop.Run(trainX, trainY, trainWeight, validX, validY, validWeight);
        }
        finally
        {
            foreach (var t in new[] { trainY, trainWeight, validY, validWeight }) t.Dispose();
        }

        var manifest = new DeepModelManifest(Kind, multiLabel ? TrainingTask.MultiLabelClassification : TrainingTask.Classification,
            data.Channels.ToList(), data.Length, labels, scaler, DeepModelManifest.OptionsToJson(options));
        return new DeepClassifierModel(manifest, network, device);
    }
}
