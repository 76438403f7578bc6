namespace Lodestone.Trainers.Sensors;

/// <summary>
/// The <c>drift</c> kind: a <see cref="DriftModel"/> fitted on one channel of a series (a sensor's readings, or a dataset's
/// windows, each window counting as one reading of its mean).
/// </summary>
public sealed class DriftTrainer : ITrainer, IModelLoader
{
    public string Kind => DriftModel.KindName;

    public TrainingTask Task => TrainingTask.Regression;

    public Type OptionsType => typeof(DriftOptions);

    public TrainerOptions CreateDefaultOptions() => new DriftOptions();

    public IReadOnlyList<string> Check(WindowSet data, TrainerOptions options)
    {
        var drift = (DriftOptions)options;
        if (SensorSeries.ChannelIndex(data, drift.Channel) is not { } channel)
            return [string.IsNullOrWhiteSpace(drift.Channel)
                ? $"Drift predicts one channel; the data have {data.Channels.Count} ({string.Join(", ", data.Channels)}): name one in \"channel\"."
                : $"Missing channel '{drift.Channel}' (the data have {string.Join(", ", data.Channels)})."];
        var problems = DriftModel.Check(SensorSeries.Readings(data, channel), drift).ToList();
        if (drift.RollingWindow < 0) problems.Add("The rolling window is 0 (suggested) or a positive number of readings.");
        return problems;
    }

    public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context)
    {
        var drift = (DriftOptions)options;
        TrainerChecks.ThrowIfAny(Kind, Check(data, options));
        var readings = SensorSeries.Readings(data, SensorSeries.ChannelIndex(data, drift.Channel)!.Value);
        context.ReportProgress(0, 1);
        var model = DriftModel.Fit(readings, drift) with { Channel = drift.Channel ?? data.Channels[0] };
        context.Log(TrainingLogLevel.Information,
            $"Drift of {model.Channel} from {readings.Count} readings: baseline {model.Baseline:G5}, rolling window {model.Window}.");
        context.ReportProgress(1, 1);
        return System.Threading.Tasks.Task.FromResult<ITrainedModel>(model);
    }

    public ITrainedModel Load(string folder) => DriftModel.Load(folder);
}
