namespace Lodestone.Trainers.Sensors;

/// <summary>The <c>calibration</c> kind: a <see cref="CalibrationModel"/> fitted on a sensor's calibration records.</summary>
public sealed class CalibrationTrainer : ITrainer, IModelLoader
{
    public string Kind => CalibrationModel.KindName;

    public TrainingTask Task => TrainingTask.Regression;

    public Type OptionsType => typeof(CalibrationOptions);

    public TrainerOptions CreateDefaultOptions() => new CalibrationOptions();

    public IReadOnlyList<string> Check(WindowSet data, TrainerOptions options)
    {
        var calibration = (CalibrationOptions)options;
        var shape = SensorSeries.CheckCalibrationChannels(data);
        if (shape.Count > 0) return shape;
        var problems = CalibrationModel.Check(SensorSeries.Calibrations(data), Math.Max(calibration.Degree, 1)).ToList();
        if (calibration.Degree is < 0 or > 5) problems.Add("The degree is 0 (chosen from the data) or 1 to 5.");
        return problems;
    }

    public Task<ITrainedModel> FitAsync(WindowSet data, TrainerOptions options, ITrainingContext context)
    {
        var calibration = (CalibrationOptions)options;
        TrainerChecks.ThrowIfAny(Kind, Check(data, options));
        context.ReportProgress(0, 1);
        var points = SensorSeries.Calibrations(data);
        var model = CalibrationModel.Fit(points, calibration.Degree);
        context.Log(TrainingLogLevel.Information, $"Calibration of degree {model.Coefficients.Length - 1} from {points.Count(p => p.Raw is not null)} records with a reading.");
        context.ReportProgress(1, 1);
        return System.Threading.Tasks.Task.FromResult<ITrainedModel>(model);
    }

    public ITrainedModel Load(string folder) => CalibrationModel.Load(folder);
}
