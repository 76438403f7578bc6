using MathNet.Numerics.LinearRegression;

namespace Lodestone.Trainers.Sensors;

/// <summary>
/// Predicts a sensor's next drift, in percent of a baseline, from its recent readings: a least-squares linear model on the
/// previous value, the rolling mean and std over <see cref="Window"/> readings and the time since the series started.
/// Fits on plain readings, since a sensor's history is one series and drift is one number; as a trained model it reads
/// them from windows (<see cref="SensorSeries"/>), predicting each window's drift from the windows before it.
/// </summary>
public sealed record DriftModel(double[] Coefficients, int Window, double Baseline, DateTime Start, string? Channel = null)
    : IRegressionModel
{
    public const string KindName = "drift";

    public string Kind => KindName;

    public TrainingTask Task => TrainingTask.Regression;

    public static IReadOnlyList<string> Check(IReadOnlyList<SensorReading> readings, DriftOptions options) =>
        readings.Count < Math.Max(options.MinimumReadings, 20)
            ? [$"Drift prediction needs at least {Math.Max(options.MinimumReadings, 20)} readings; there are {readings.Count}."]
            : [];

    public static int SuggestWindow(int readings) => Math.Clamp(readings / 10, 3, 50);

    public static DriftModel Fit(IReadOnlyList<SensorReading> readings, DriftOptions options)
    {
        TrainerChecks.ThrowIfAny(KindName, Check(readings, options));
        var window = options.RollingWindow > 0 ? options.RollingWindow : SuggestWindow(readings.Count);
        var baseline = options.Baseline ?? readings.Take(window).Average(r => r.Value);
        var start = readings[0].Time;
        var rows = new List<double[]>();
        var targets = new List<double>();
        for (var i = 1; i < readings.Count; i++)
        {
            rows.Add(Features(readings, i, window, start));
            targets.Add(Percent(readings[i].Value, baseline));
        }
        var coefficients = MultipleRegression.QR(rows.ToArray(), targets.ToArray(), intercept: true);
        return new DriftModel(coefficients, window, baseline, start, options.Channel);
    }

    /// <summary>Per window, the drift predicted from the windows before it (NaN for the first, which has no history).</summary>
    public IReadOnlyList<Prediction> Predict(WindowSet data)
    {
        var readings = ReadingsOf(data);
        return Enumerable.Range(0, readings.Count)
            .Select(i => new Prediction(i == 0 ? double.NaN : PredictAt(readings, i))).ToList();
    }

    /// <summary>Per window, its drift from the baseline: what <see cref="Predict"/> is judged against.</summary>
    public IReadOnlyList<double> Actual(WindowSet data) => ReadingsOf(data).Select(r => Percent(r.Value, Baseline)).ToList();

    private IReadOnlyList<SensorReading> ReadingsOf(WindowSet data) =>
        SensorSeries.Readings(data, SensorSeries.ChannelIndex(data, Channel)
            ?? throw new TrainerDataException(KindName, [$"The data have no channel '{Channel}' to predict drift of; they have {string.Join(", ", data.Channels)}."]));

    /// <summary>The drift (% of baseline) expected at the reading after the last one given.</summary>
    public double PredictNext(IReadOnlyList<SensorReading> history) => PredictAt(history, history.Count);

    /// <summary>The drift expected at reading <paramref name="next"/> from the readings before it.</summary>
    private double PredictAt(IReadOnlyList<SensorReading> readings, int next)
    {
        var x = Features(readings, next, Window, Start);
        return Coefficients[0] + x.Select((v, j) => v * Coefficients[j + 1]).Sum();
    }

    /// <summary>
    /// The next drift from the model when there is one and enough history, else a fallback: a linear trend through the
    /// readings (two or more), else the last reading's drift against the threshold.
    /// </summary>
    public static SensorEstimate Forecast(DriftModel? model, IReadOnlyList<SensorReading> history, DriftOptions options)
    {
        if (model is not null && history.Count >= 2) return new SensorEstimate(model.PredictNext(history), false, "model");
        var baseline = options.Baseline ?? (history.Count > 0 ? history[0].Value : 0);
        if (history.Count >= 2)
        {
            var seconds = history.Select(r => (r.Time - history[0].Time).TotalSeconds).ToArray();
            var (intercept, slope) = MathNet.Numerics.Fit.Line(seconds, history.Select(r => r.Value).ToArray());
            var step = (seconds[^1] - seconds[0]) / (history.Count - 1);
            return new SensorEstimate(Percent(intercept + slope * (seconds[^1] + step), baseline), true, "linear-trend");
        }
        return new SensorEstimate(0, true, "threshold");
    }

    /// <summary>The threshold fallback on its own: whether a reading has drifted beyond the options' percentage.</summary>
    public static bool Exceeds(double value, double baseline, DriftOptions options) =>
        Math.Abs(Percent(value, baseline)) > options.ThresholdPercent;

    internal static double Percent(double value, double baseline) =>
        (value - baseline) / (Math.Abs(baseline) > 1e-12 ? Math.Abs(baseline) : 1) * 100;

    /// <summary>Features to predict reading <paramref name="next"/> from the readings before it.</summary>
    private static double[] Features(IReadOnlyList<SensorReading> readings, int next, int window, DateTime start)
    {
        var from = Math.Max(0, next - window);
        var recent = Enumerable.Range(from, next - from).Select(i => readings[i].Value).ToArray();
        var mean = recent.Average();
        var std = Math.Sqrt(recent.Average(v => (v - mean) * (v - mean)));
        return [readings[next - 1].Value, mean, std, (readings[next - 1].Time - start).TotalSeconds];
    }

    public void Save(string folder) => ModelFiles.WriteManifest(folder, new Manifest(KindName, this));

    public static DriftModel Load(string folder) => ModelFiles.ReadManifest<Manifest>(folder).Model;

    private sealed record Manifest(string Kind, DriftModel Model);
}
