using Lodestone.Data;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// Finds a sensor's newest trained model of a kind: the latest completed run of that kind whose recipe names the sensor
/// (the options' <c>"sensor": "probe-1"</c>) and whose model is on disk. The model registry will answer this once model
/// versions exist; this class is the one place that changes then.
/// </summary>
public sealed class SensorModels(LodestoneDb db, RunFiles files, TrainerCatalog catalog)
{
    /// <summary>Completed runs looked at, newest first, before concluding there is no model.</summary>
    private const int Candidates = 50;

    public async Task<SensorModel?> LatestAsync(Guid projectId, string kind, string sensor, CancellationToken cancellationToken = default)
    {
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

/// <summary>A sensor's trained model, the run that trained it, and that run's recipe (the options it was trained with).</summary>
public sealed record SensorModel(Guid RunId, RunRecipe Recipe, ITrainedModel Model);
