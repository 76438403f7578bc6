using Lodestone.Data;
using Lodestone.Trainers;
using Lodestone.Trainers.Sensors;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Sensors;

/// <summary>
/// A sensor's calibration records, and the two per-sensor predictions: its next drift and its corrected values. Each uses
/// the sensor's newest trained model of its kind (<see cref="SensorModels"/>) and otherwise the kind's fallback, and says
/// which it used. Methods return null when the project has no such sensor.
/// </summary>
public sealed class SensorRegressionService(LodestoneDb db, ReadingStore readings, SensorModels models)
{
    /// <summary>How far before a calibration its raw reading may lie when the reading is taken from the sensor's history.</summary>
    public static readonly TimeSpan RawReadingLookback = TimeSpan.FromHours(1);

    /// <summary>
    /// Records a calibration. Without <paramref name="raw"/>, the sensor's latest reading of <paramref name="channel"/>
    /// within an hour before <paramref name="time"/> is taken as what it read.
    /// </summary>
    public async Task<CalibrationRecord?> AddCalibrationAsync(Guid projectId, string sensorName, DateTime time, double reference,
        double? raw, string? channel, CancellationToken cancellationToken = default)
    {
        var sensor = await FindAsync(projectId, sensorName, cancellationToken);
        if (sensor is null) return null;
        time = DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc);
        if (raw is null && !string.IsNullOrWhiteSpace(channel))
            raw = readings.Query(projectId, sensor.Name, time - RawReadingLookback, time.AddTicks(1))
                .LastOrDefault(r => r.Values.ContainsKey(channel))?.Values[channel];
        var record = new CalibrationRecord(projectId, sensor.Id, time, reference, raw);
        db.CalibrationRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>The sensor's calibration records, oldest first.</summary>
    public async Task<List<CalibrationRecord>?> CalibrationsAsync(Guid projectId, string sensorName, CancellationToken cancellationToken = default)
    {
        var sensor = await FindAsync(projectId, sensorName, cancellationToken);
        if (sensor is null) return null;
        return await db.CalibrationRecords.AsNoTracking().Where(r => r.SensorId == sensor.Id).OrderBy(r => r.Time).ToListAsync(cancellationToken);
    }

    /// <summary>The next drift of a channel (the model's channel, or the sensor's only one, when none is named).</summary>
    public async Task<DriftForecast?> DriftAsync(Guid projectId, string sensorName, string? channel, CancellationToken cancellationToken = default)
    {
        var sensor = await FindAsync(projectId, sensorName, cancellationToken);
        if (sensor is null) return null;
        var trained = await models.LatestAsync(projectId, DriftModel.KindName, sensor.Name, cancellationToken);
        var model = trained?.Model as DriftModel;
        var options = trained is null ? new DriftOptions() : (DriftOptions)trained.Recipe.Options;
        // A model predicts the channel it learnt; asking for another one is answered by the fallback.
        if (model is not null && !string.IsNullOrWhiteSpace(channel) && channel != model.Channel) (model, trained) = (null, null);
        var (name, history) = SensorHistory.Read(readings, projectId, sensor.Name, string.IsNullOrWhiteSpace(channel) ? model?.Channel ?? options.Channel : channel);
        var estimate = DriftModel.Forecast(model, history, options);
        return new DriftForecast(sensor.Name, name, estimate.Value, Math.Abs(estimate.Value) > options.ThresholdPercent, options.ThresholdPercent,
            estimate.IsFallback ? "fallback" : "model", estimate.IsFallback ? estimate.Method : null,
            estimate.IsFallback ? null : trained?.RunId, history.Count, estimate.IsFallback ? null : trained?.Deployment);
    }

    /// <summary>Raw values corrected by the sensor's calibration model, or by its last calibration's offset.</summary>
    public async Task<CalibrationResult?> CalibrateAsync(Guid projectId, string sensorName, IReadOnlyList<double> raw, CancellationToken cancellationToken = default)
    {
        if (raw.Count is 0 or > 100_000) throw new InvalidInputException("Send 1 to 100,000 raw values.");
        if (raw.Any(v => !double.IsFinite(v))) throw new InvalidInputException("Raw values are finite numbers.");
        var records = await CalibrationsAsync(projectId, sensorName, cancellationToken);
        if (records is null) return null;
        var trained = await models.LatestAsync(projectId, CalibrationModel.KindName, sensorName.Trim(), cancellationToken);
        var model = trained?.Model as CalibrationModel;
        var points = records.Select(r => r.ToPoint()).ToList();
        var estimates = raw.Select(v => CalibrationModel.Correct(model, v, points)).ToList();
        var method = estimates[0];
        return new CalibrationResult(sensorName.Trim(), estimates.Select(e => e.Value).ToList(), method.IsFallback ? "fallback" : "model",
            method.IsFallback ? method.Method : null, method.IsFallback ? null : trained?.RunId, method.IsFallback ? null : trained?.Deployment);
    }

    private Task<Sensor?> FindAsync(Guid projectId, string name, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        return db.Sensors.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == projectId && s.Name == trimmed, cancellationToken);
    }
}
