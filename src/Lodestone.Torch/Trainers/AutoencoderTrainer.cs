using Lodestone.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// Fits an autoencoder on windows taken as normal (labels are ignored) and scores windows by reconstruction error.
/// The latest windows are held out for early stopping. The threshold is the (1 − contamination) quantile of the
/// fitted windows' errors when a contamination is given, otherwise a high quantile of the errors of every training
/// window (fitted and held out) times a factor, as SKAB's reference convolutional autoencoder sets its control limit.
/// </summary>
public abstract class AutoencoderTrainer : ITrainer, IModelLoader, IWarmStartTrainer
{
    public ITrainedModel Load(string folder) => DeepModels.Load(folder);

    public TrainerOptions StartFrom(TrainerOptions options, string modelFolder) => DeepTraining.StartFrom(options, modelFolder);

    public abstract string Kind { get; }
    public TrainingTask Task => TrainingTask.AnomalyDetection;
    public Type OptionsType => typeof(AutoencoderOptions);

    /// <summary>SKAB's convolutional autoencoder settings: 32 filters narrowing to 16, dropout 0.2.</summary>
    public virtual TrainerOptions CreateDefaultOptions() => new AutoencoderOptions { HiddenSize = 32, Dropout = 0.2 };

    public IReadOnlyList<string> Check(WindowSet data, TrainerOptions options)
    {
        if (options is not AutoencoderOptions deep) return [$"{Kind} takes {nameof(AutoencoderOptions)}."];
        var problems = DeepTraining.CheckCommon(data, deep, Kind);
        if (data.Count < 8) problems.Add($"At least 8 windows are needed; there are {data.Count}.");
        if (deep.Contamination is < 0 or >= 0.5) problems.Add("Contamination must be in [0, 0.5).");
        if (deep.ThresholdQuantile is <= 0 or > 1) problems.Add("Threshold quantile must be in (0, 1].");
        return problems;
    }

    public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context)
    {
        var problems = Check(data, options);
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(data));
        return DeepTraining.OnTrainingThread<ITrainedModel>(() => Fit(data, (AutoencoderOptions)options, context));
    }

    private DeepAutoencoderModel Fit(WindowSet data, AutoencoderOptions options, ITrainingContext context)
    {
        TorchRuntime.PrepareThread(options.Threads, options.Seed);
        var device = TorchRuntime.ChooseDevice();
        var parent = DeepTraining.ReadParent(options, Kind, data);
        var scaler = parent?.Scaler ?? ChannelScaler.Fit(data);

        var network = DeepNetworks.Create(Kind, data.Channels.Count, data.Length, 1, options);
        if (parent is not null)
        {
            using var earlier = DeepNetworks.Load(options.StartFrom!, parent, CPU);
            WarmStart.Copy(earlier, network);
        }
        network.to(device);

        // Hold out the latest windows rather than a random sample: neighbouring windows overlap, so random held-out
        // windows are nearly copies of training ones and give a threshold too low for data that comes later.
        var order = Enumerable.Range(0, data.Count).OrderBy(i => data.StartTimes[i]).ToList();
        var held = (int)Math.Round(order.Count * options.ValidationFraction);
        var train = order.Take(order.Count - held).Order().ToList();
        var valid = order.Skip(order.Count - held).Order().ToList();
        using var trainX = DeepTraining.ToTensor(scaler.Transform(data, train), train.Count, data.Channels.Count, data.Length, device);
        using var validX = valid.Count > 0 ? DeepTraining.ToTensor(scaler.Transform(data, valid), valid.Count, data.Channels.Count, data.Length, device) : null;

        var loop = new TrainingLoop(network, options, context, (output, target, _) => nn.functional.mse_loss(output, target));
        loop.Run(trainX, trainX, null, validX, validX, null);

        var manifest = new DeepModelManifest(Kind, Task, data.Channels.ToList(), data.Length, [], scaler,
            DeepModelManifest.OptionsToJson(options));
        var model = new DeepAutoencoderModel(manifest, network, device);
        var threshold = options.Contamination > 0
            ? Quantile(Errors(model, data, train), 1 - options.Contamination)
            : Quantile(Errors(model, data, [.. train, .. valid]), options.ThresholdQuantile) * options.ThresholdFactor;
        context.Log(TrainingLogLevel.Information, $"Anomaly threshold: reconstruction error above {threshold:G4}.");
        return new DeepAutoencoderModel(manifest with { Threshold = threshold }, network, device);
    }

    private static double[] Errors(DeepAutoencoderModel model, WindowSet data, List<int> windows)
    {
        var all = model.Scores(data);
        return windows.Select(w => all[w]).ToArray();
    }

    /// <summary>Linear interpolation between order statistics, as numpy's default quantile.</summary>
    internal static double Quantile(double[] values, double q)
    {
        if (values.Length == 0) return double.PositiveInfinity;
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
