using Lodestone.Data;
using Lodestone.Deployments;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// Finds the model that answers for a sensor in a kind: the deployment serving that sensor and kind when there is one
/// (its warm model, from <see cref="DeploymentTable"/>), else the latest completed run of that kind whose recipe names
/// the sensor (the options' <c>"sensor": "probe-1"</c>) and whose model is on disk. Callers fall back to the kind's
/// fallback method when this finds none.
/// </summary>
public sealed class SensorModels(LodestoneDb db, RunFiles files, TrainerCatalog catalog, DeploymentTable? deployments = null)
{
    /// <summary>Completed runs looked at, newest first, before concluding there is no model.</summary>
    private const int Candidates = 50;

    public async Task<SensorModel?> LatestAsync(Guid projectId, string kind, string sensor, CancellationToken cancellationToken = default)
    {
        if (deployments?.ForSensor(projectId, kind, sensor) is { Model: { SharedInstance: { } model } serving } deployed)
        {
            var source = await db.Set<TrainingRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == serving.SourceRunId, cancellationToken);
            if (source is not null)
            {
                try
                {
                    return new SensorModel(source.Id, RunRecipeReader.FromStored(catalog, source), model, deployed.Name);
                }
                catch (RunSetupException)
                {
                    // Its run's settings no longer read; the sensor's newest run answers instead.
                }
            }
        }
        // The LIKE narrows the candidates in the database; the recipe is then read properly, since "probe-1" also matches "probe-10".
        var runs = await db.Set<TrainingRun>().AsNoTracking()
            .Where(r => r.ProjectId == projectId && r.TrainerKind == kind && r.State == TrainingRunState.Completed
                && r.DeletedAt == null && r.Config.Contains(sensor))
            .OrderByDescending(r => r.FinishedAt).Take(Candidates).ToListAsync(cancellationToken);
        foreach (var run in runs)
        {
            RunRecipe recipe;
            try
            {
                recipe = RunRecipeReader.FromStored(catalog, run);
            }
            catch (RunSetupException)
            {
                continue; // a run whose settings no longer read cannot say which sensor it was for
            }
            if ((recipe.Options as ISensorOptions)?.Sensor?.Trim() != sensor) continue;
            var folder = Path.Combine(files.FilesFolder(run.ProjectId, run.Id), "model");
            if (!File.Exists(Path.Combine(folder, ModelFiles.ManifestName))) continue;
            return new SensorModel(run.Id, recipe, catalog.Load(folder));
        }
        return null;
    }
}

/// <summary>
/// A sensor's trained model, the run that trained it, that run's recipe (the options it was trained with), and the
/// deployment it was served by, if one serves the sensor.
/// </summary>
public sealed record SensorModel(Guid RunId, RunRecipe Recipe, ITrainedModel Model, string? Deployment = null);
