using MathNet.Numerics;

namespace Lodestone.Trainers.Sensors;

/// <summary>
/// Maps raw readings to corrected values from calibration records: a polynomial (degree 1 = linear) fitted by least
/// squares over the records that have a raw reading before them. Needs at least 5 records, 3 of them with readings;
/// without a model, <see cref="Correct"/> falls back to the offset of the last calibration. As a trained model it reads
/// records as windows (<see cref="SensorSeries.FromCalibrations"/>) and predicts each one's corrected value.
/// </summary>
public sealed record CalibrationModel(double[] Coefficients) : IRegressionModel
{
    public const string KindName = "calibration";

    public string Kind => KindName;

    public TrainingTask Task => TrainingTask.Regression;

    /// <summary>Per record, its raw reading corrected (NaN for a record without a reading).</summary>
    public IReadOnlyList<Prediction> Predict(WindowSet data) =>
        SensorSeries.Calibrations(data).Select(p => new Prediction(p.Raw is { } raw ? Apply(raw) : double.NaN)).ToList();

    /// <summary>Per record, its reference value: what <see cref="Predict"/> is judged against.</summary>
    public IReadOnlyList<double> Actual(WindowSet data) => SensorSeries.Calibrations(data).Select(p => p.Reference).ToList();

    public static IReadOnlyList<string> Check(IReadOnlyList<CalibrationPoint> records, int degree)
    {
        var problems = new List<string>();
        var withRaw = records.Count(r => r.Raw is not null);
        if (records.Count < 5) problems.Add($"Calibration needs at least 5 records; there are {records.Count}.");
        if (withRaw < Math.Max(3, degree + 2)) problems.Add($"Calibration of degree {degree} needs at least {Math.Max(3, degree + 2)} records with a reading before them; there are {withRaw}.");
        return problems;
    }

    /// <summary>Fits degree 1 (linear) or higher; <paramref name="degree"/> 0 picks linear or quadratic by leave-one-out error.</summary>
    public static CalibrationModel Fit(IReadOnlyList<CalibrationPoint> records, int degree = 1)
    {
        TrainerChecks.ThrowIfAny(KindName, Check(records, Math.Max(degree, 1)));
        var usable = records.Where(r => r.Raw is not null).ToArray();
        var x = usable.Select(r => r.Raw!.Value).ToArray();
        var y = usable.Select(r => r.Reference).ToArray();
        if (degree == 0)
            degree = usable.Length >= 4 && LeaveOneOut(x, y, 2) < 0.9 * LeaveOneOut(x, y, 1) ? 2 : 1;
        return new CalibrationModel(MathNet.Numerics.Fit.Polynomial(x, y, degree));
    }

    public double Apply(double raw) => Polynomial.Evaluate(raw, Coefficients);

    /// <summary>The corrected value: from the model when there is one, else shifted by the last calibration's offset.</summary>
    public static SensorEstimate Correct(CalibrationModel? model, double raw, IReadOnlyList<CalibrationPoint> records)
    {
        if (model is not null) return new SensorEstimate(model.Apply(raw), false, "model");
        var last = records.Where(r => r.Raw is not null).MaxBy(r => r.Time);
        return last is null
            ? new SensorEstimate(raw, true, "identity")
            : new SensorEstimate(raw + (last.Reference - last.Raw!.Value), true, "last-calibration");
    }

    private static double LeaveOneOut(double[] x, double[] y, int degree)
    {
        double error = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var keep = Enumerable.Range(0, x.Length).Where(j => j != i).ToArray();
            var p = MathNet.Numerics.Fit.Polynomial(keep.Select(j => x[j]).ToArray(), keep.Select(j => y[j]).ToArray(), degree);
            var residual = Polynomial.Evaluate(x[i], p) - y[i];
            error += residual * residual;
        }
        return error;
    }

    public void Save(string folder) => ModelFiles.WriteManifest(folder, new Manifest(KindName, Coefficients));

    public static CalibrationModel Load(string folder) => new(ModelFiles.ReadManifest<Manifest>(folder).Coefficients);

    private sealed record Manifest(string Kind, double[] Coefficients);
}
