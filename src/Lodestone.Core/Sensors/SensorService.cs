using Lodestone.Data;
using Lodestone.Datasets;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Sensors;

/// <summary>The sensor registry of a project, and readings: stored through <see cref="ReadingStore"/>, registered here.</summary>
public sealed class SensorService(LodestoneDb db, ReadingStore readings, DatasetImporter importer, ReadingEvents events)
{
    public Task<List<Sensor>> ListAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        db.Sensors.AsNoTracking().Where(s => s.ProjectId == projectId).OrderBy(s => s.Name).ToListAsync(cancellationToken);

    public Task<Sensor?> FindAsync(Guid projectId, string name, CancellationToken cancellationToken = default) =>
        db.Sensors.FirstOrDefaultAsync(s => s.ProjectId == projectId && s.Name == name, cancellationToken);

    /// <summary>Registers a sensor, or updates the one of that name.</summary>
    public async Task<Sensor> SaveAsync(Guid projectId, SensorDraft draft, CancellationToken cancellationToken = default)
    {
        var name = draft.Name.Trim();
        if (name.Length is 0 or > 100) throw new InvalidInputException("A sensor name has 1 to 100 characters.");
        CheckCoordinate("latitude", draft.Latitude, 90);
        CheckCoordinate("longitude", draft.Longitude, 180);
        if (draft.Unit?.Trim().Length > 32) throw new InvalidInputException("A sensor's unit has at most 32 characters.");
        if (draft.Location?.Trim().Length > 200) throw new InvalidInputException("A sensor's location has at most 200 characters.");
        var sensor = await FindAsync(projectId, name, cancellationToken);
        if (sensor is null)
        {
            sensor = new Sensor(projectId, name, draft.Kind, draft.Unit?.Trim() ?? "");
            db.Sensors.Add(sensor);
        }
        sensor.Kind = draft.Kind;
        sensor.Unit = draft.Unit?.Trim() ?? sensor.Unit;
        sensor.Location = draft.Location?.Trim() ?? sensor.Location;
        sensor.Latitude = draft.Latitude ?? sensor.Latitude;
        sensor.Longitude = draft.Longitude ?? sensor.Longitude;
        if (draft.Status is { } status) sensor.Status = status;
        await db.SaveChangesAsync(cancellationToken);
        return sensor;
    }

    private static void CheckCoordinate(string field, double? value, double bound)
    {
        if (value is { } v && !(double.IsFinite(v) && Math.Abs(v) <= bound))
            throw new InvalidInputException($"A sensor's {field} is a number from -{bound} to {bound} (degrees), not {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
    }

    /// <summary>
    /// Stores a batch of readings durably (all or nothing), then records them on their sensors; a sensor seen for the first
    /// time is registered with kind <see cref="SensorKind.Other"/>, to be described later.
    /// </summary>
    public async Task<int> RecordAsync(Guid projectId, IReadOnlyList<Reading> batch, CancellationToken cancellationToken = default)
    {
        var stored = readings.Append(projectId, batch);
        var bySensor = batch.GroupBy(r => r.SensorId.Trim()).ToDictionary(g => g.Key, g => (Count: g.Count(), Latest: g.Max(r => r.Timestamp)));
        var names = bySensor.Keys.ToList();
        var known = await db.Sensors.Where(s => s.ProjectId == projectId && names.Contains(s.Name)).ToDictionaryAsync(s => s.Name, cancellationToken);
        foreach (var (name, (count, latest)) in bySensor)
        {
            if (!known.TryGetValue(name, out var sensor))
            {
                sensor = new Sensor(projectId, name, SensorKind.Other, "");
                db.Sensors.Add(sensor);
            }
            sensor.Received(count, DateTime.SpecifyKind(latest, DateTimeKind.Utc));
        }
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(new ReadingsArrived(projectId, names, stored, DateTime.UtcNow));
        return stored;
    }

    /// <summary>Copies a sensor's readings in [from, to) into a new dataset of the project.</summary>
    public async Task<Dataset> CutDatasetAsync(Guid projectId, string sensorName, DateTime from, DateTime to, string? name, Guid? userId,
        CancellationToken cancellationToken = default)
    {
        if (to <= from) throw new InvalidInputException("The range ends before it starts.");
        if (await FindAsync(projectId, sensorName, cancellationToken) is null) throw new InvalidInputException($"No sensor '{sensorName}' in this project.");
        var datasetId = Guid.CreateVersion7();
        var result = await readings.CutDatasetAsync(projectId, sensorName, from, to, datasetId, cancellationToken);
        try
        {
            var dataset = new Dataset(datasetId, projectId, string.IsNullOrWhiteSpace(name) ? $"{sensorName} {from:yyyy-MM-dd HH:mm}" : name.Trim(),
                result.Schema, $"readings of {sensorName}, {from:O} – {to:O}", userId);
            dataset.Describe(result.Profile);
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync(CancellationToken.None);
            return dataset;
        }
        catch
        {
            importer.DeleteSamples(projectId, datasetId);
            throw;
        }
    }
}

/// <summary>What a person says about a sensor when registering or editing it; null leaves a value as it is.</summary>
public sealed record SensorDraft(string Name, SensorKind Kind, string? Unit = null, string? Location = null,
    double? Latitude = null, double? Longitude = null, SensorStatus? Status = null);
