using Lodestone.Data;
using Lodestone.Sensors;
using Lodestone.Trainers;
using Lodestone.Trainers.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// The windows of a run: a calibration run's are its sensor's calibration records, a drift run without datasets reads its
/// sensor's readings (the options' <c>sensor</c> and <c>channel</c>); every other run reads its datasets from the sample store.
/// </summary>
public sealed class SensorWindowSource(LodestoneDb db, ReadingStore readings, SampleStoreWindowSource datasets) : IWindowSource
{
    public async Task<WindowSet> LoadAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        var isCalibration = request.TrainerKind == CalibrationModel.KindName;
        var isSensorDrift = request.TrainerKind == DriftModel.KindName && request.DatasetIds.Count == 0;
        if (!isCalibration && !isSensorDrift) return await datasets.LoadAsync(request, cancellationToken);

        var name = (request.Recipe.Options as ISensorOptions)?.Sensor is { } named && !string.IsNullOrWhiteSpace(named) ? named.Trim()
            : throw new RunSetupException($"A {request.TrainerKind} run without datasets names its sensor in the config: {{\"sensor\": \"probe-1\"}}.");
        var sensor = await db.Sensors.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == request.ProjectId && s.Name == name, cancellationToken)
            ?? throw new RunSetupException($"The project has no sensor '{name}'.");
        if (isCalibration)
        {
            var records = await db.CalibrationRecords.AsNoTracking().Where(r => r.SensorId == sensor.Id).ToListAsync(cancellationToken);
            return SensorSeries.FromCalibrations(records.Select(r => r.ToPoint()).ToList());
        }
        try
        {
            var (channel, series) = await Task.Run(() => SensorHistory.Read(readings, request.ProjectId, name, (request.Recipe.Options as DriftOptions)?.Channel), cancellationToken);
            return SensorSeries.FromReadings(channel, series);
        }
        catch (InvalidInputException e)
        {
            throw new RunSetupException(e.Message);
        }
    }
}
