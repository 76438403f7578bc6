using Lodestone.Data;
using Lodestone.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Datasets;

/// <summary>
/// Datasets of a project: import (samples sealed first, then the row, so that a failure at either step leaves nothing),
/// listing and deletion. Callers have checked project membership.
/// </summary>
public sealed class DatasetService(LodestoneDb db, DatasetImporter importer)
{
    public async Task<(Dataset Dataset, ImportResult Result)> ImportAsync(
        Guid projectId, string name, string csvPath, string displayFileName, CsvMapping? mapping, Guid? userId,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        name = string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(displayFileName) : name.Trim();
        if (name.Length > 200) throw new InvalidInputException("A dataset name has at most 200 characters.");
        var datasetId = Guid.CreateVersion7();
        var result = await importer.ImportAsync(csvPath, displayFileName, mapping, projectId, datasetId, progress, cancellationToken);
        try
        {
            var dataset = new Dataset(datasetId, projectId, name, result.Schema, displayFileName, userId);
            dataset.Describe(result.Profile);
            db.Datasets.Add(dataset);
            await RegisterSensorsAsync(projectId, dataset, cancellationToken);
            await db.SaveChangesAsync(CancellationToken.None);
            return (dataset, result);
        }
        catch
        {
            importer.DeleteSamples(projectId, datasetId);
            throw;
        }
    }

    // Sensors named by the samples join the registry, so that the project's sensor list is complete after an upload.
    private async Task RegisterSensorsAsync(Guid projectId, Dataset dataset, CancellationToken cancellationToken)
    {
        var names = dataset.SensorIds.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        var known = await db.Sensors.Where(s => s.ProjectId == projectId && names.Contains(s.Name)).Select(s => s.Name).ToListAsync(cancellationToken);
        var kind = dataset.Schema == DatasetSchema.Magnetometer ? SensorKind.Magnetometer : SensorKind.Other;
        foreach (var name in names.Except(known))
            db.Sensors.Add(new Sensor(projectId, name, kind, kind == SensorKind.Magnetometer ? "nT" : ""));
    }

    public Task<List<Dataset>> ListAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        db.Datasets.AsNoTracking().Where(d => d.ProjectId == projectId).OrderByDescending(d => d.CreatedAt).ToListAsync(cancellationToken);

    public Task<Dataset?> FindAsync(Guid projectId, Guid datasetId, CancellationToken cancellationToken = default) =>
        db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.ProjectId == projectId && d.Id == datasetId, cancellationToken);

    public async Task<bool> DeleteAsync(Guid projectId, Guid datasetId, CancellationToken cancellationToken = default)
    {
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.ProjectId == projectId && d.Id == datasetId, cancellationToken);
        if (dataset is null) return false;
        db.Datasets.Remove(dataset);
        await db.SaveChangesAsync(cancellationToken);
        importer.DeleteSamples(projectId, datasetId);
        return true;
    }
}
