using Lodestone.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// Fits a deep classifier on raw windows: each labelled window's class is its label with the highest weight;
/// unlabelled windows are left out. Continued training (<see cref="DeepTrainerOptions.StartFrom"/>) keeps the earlier
/// model's standardisation and label order and appends new labels to the head.
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
        var known = data.LabelNames().Count;
        if (known < 2 && string.IsNullOrWhiteSpace(deep.StartFrom)) problems.Add($"At least 2 labels are needed to classify; the windows have {known}.");
        return problems;
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
        var windows = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] is { Count: > 0 }).ToList();
        var classes = windows.Select(i => labels.IndexOf(data.Labels[i]!.MaxBy(p => p.Value).Key)).ToList();
        var scaler = parent?.Scaler ?? ChannelScaler.Fit(data);

        var network = DeepNetworks.Create(Kind, data.Channels.Count, data.Length, labels.Count, options);
        if (parent is not null)
        {
            using var earlier = DeepNetworks.Load(options.StartFrom!, parent, CPU);
            WarmStart.Copy(earlier, network);
            if (labels.Count > parent.Labels.Count)
                context.Log(TrainingLogLevel.Information, $"New labels extend the head: {string.Join(", ", labels.Skip(parent.Labels.Count))}.");
        }
        network.to(device);

        var classOf = windows.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => classes[p.i]);
        var (train, valid) = DeepTraining.Split(windows, classes, options.ValidationFraction, options.Seed);
        using var trainX = DeepTraining.ToTensor(scaler.Transform(data, train), train.Count, data.Channels.Count, data.Length, device);
        using var trainY = tensor(train.Select(w => (long)classOf[w]).ToArray(), device: device);
        using var validX = valid.Count > 0 ? DeepTraining.ToTensor(scaler.Transform(data, valid), valid.Count, data.Channels.Count, data.Length, device) : null;
        using var validY = valid.Count > 0 ? tensor(valid.Select(w => (long)classOf[w]).ToArray(), device: device) : null;

        var loop = new TrainingLoop(network, options, context, (output, target) => nn.functional.cross_entropy(output, target), reportsAccuracy: true);
        loop.Run(trainX, trainY, validX, validY);

        var manifest = new DeepModelManifest(Kind, Task, data.Channels.ToList(), data.Length, labels, scaler,
            DeepModelManifest.OptionsToJson(options));
        return new DeepClassifierModel(manifest, network, device);
    }
}
