using Lodestone.Data;
using Lodestone.Models;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Deployments;

/// <summary>
/// Creates, lists, switches and undeploys the deployments of a project, and keeps <see cref="DeploymentTable"/> in step:
/// the version a change points at is resolved and warmed before the change is saved (a target that does not exist or
/// does not load is refused, and the deployment keeps serving what it served), then the project's entries are rebuilt
/// from the database and published at once.
/// </summary>
public sealed class DeploymentService(LodestoneDb db, WarmModels warm, DeploymentTable table, TimeProvider clock)
{
    private DbSet<Deployment> Deployments => db.Set<Deployment>();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<List<Deployment>> ListAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        Deployments.AsNoTracking().Where(d => d.ProjectId == projectId && d.State == DeploymentState.Serving)
            .OrderBy(d => d.Name).ToListAsync(cancellationToken);

    public Task<Deployment?> FindAsync(Guid projectId, string name, CancellationToken cancellationToken = default) =>
        Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.ProjectId == projectId && d.Name == name && d.State == DeploymentState.Serving,
            cancellationToken);

    /// <exception cref="InvalidInputException">The request does not qualify or names no version of the project.</exception>
    /// <exception cref="DeploymentNameTakenException">A serving deployment has the name.</exception>
    /// <exception cref="ModelLoadException">The version's saved model does not load.</exception>
    public async Task<Deployment> CreateAsync(Guid projectId, NewDeployment request, string? createdBy, CancellationToken cancellationToken = default)
    {
        var deployment = Deployment.Create(projectId, request.Name, request.Model, request.Version, request.Alias, request.SensorKind,
            request.Sensor, createdBy, Now);
        if (await FindAsync(projectId, deployment.Name, cancellationToken) is not null) throw new DeploymentNameTakenException(deployment.Name);
        var version = await ResolveAsync(deployment, cancellationToken)
            ?? throw new InvalidInputException(Unresolved(deployment));
        CheckSensor(deployment, version);
        deployment.ServesKind(version.TrainerKind);
        await warm.GetAsync(version);
        Deployments.Add(deployment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            throw new DeploymentNameTakenException(deployment.Name);
        }
        await RefreshAsync(projectId, cancellationToken);
        return deployment;
    }

    /// <summary>Points the deployment at another version or alias; null when there is no such deployment.</summary>
    public async Task<Deployment?> SwitchAsync(Guid projectId, string name, int? version, string? alias, CancellationToken cancellationToken = default)
    {
        var deployment = await Deployments.FirstOrDefaultAsync(d => d.ProjectId == projectId && d.Name == name && d.State == DeploymentState.Serving,
            cancellationToken);
        if (deployment is null) return null;
        deployment.Target(version, alias, Now);
        var target = await ResolveAsync(deployment, cancellationToken) ?? throw new InvalidInputException(Unresolved(deployment));
        CheckSensor(deployment, target);
        // Loaded before the switch is saved, let alone published: requests keep the old version until the new one is warm.
        await warm.GetAsync(target);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshAsync(projectId, cancellationToken);
        return deployment;
    }

    /// <summary>Stops serving; false when there is no such deployment.</summary>
    public async Task<bool> UndeployAsync(Guid projectId, string name, CancellationToken cancellationToken = default)
    {
        var deployment = await Deployments.FirstOrDefaultAsync(d => d.ProjectId == projectId && d.Name == name && d.State == DeploymentState.Serving,
            cancellationToken);
        if (deployment is null) return false;
        deployment.Undeploy(Now);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshAsync(projectId, cancellationToken);
        return true;
    }

    /// <summary>
    /// Rebuilds the project's entries of the table from the database (after a change here, or an alias moved) and
    /// publishes them in one write, every version warmed first. A deployment whose version cannot be served is published
    /// with its problem, and answers 409 until it can.
    /// </summary>
    public async Task RefreshAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await table.Changing.WaitAsync(cancellationToken);
        try
        {
            var entries = new List<ServedDeployment>();
            foreach (var deployment in await ListAsync(projectId, cancellationToken))
            {
                var stats = table.StatsOf(projectId, deployment.Name, deployment.Id);
                var version = await ResolveAsync(deployment, cancellationToken);
                ServingModel? model = null;
                var problem = version is null ? Unresolved(deployment) : null;
                if (version is not null)
                {
                    try
                    {
                        model = await warm.GetAsync(version);
                    }
                    catch (ModelLoadException e)
                    {
                        problem = e.Message;
                    }
                }
                entries.Add(new ServedDeployment(deployment.Id, projectId, deployment.Name, deployment.TargetText, deployment.SensorKind,
                    deployment.Sensor, model, problem, stats));
            }
            table.Publish(projectId, entries);
        }
        finally
        {
            table.Changing.Release();
        }
    }

    /// <summary>Rebuilds the whole table: at start-up, so that deployments survive a restart.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken = default)
    {
        var projects = await Deployments.AsNoTracking().Where(d => d.State == DeploymentState.Serving).Select(d => d.ProjectId).Distinct()
            .ToListAsync(cancellationToken);
        foreach (var projectId in projects) await RefreshAsync(projectId, cancellationToken);
    }

    /// <summary>The version a deployment points at now (its number, or where its alias points), or null when there is none.</summary>
    private Task<ModelVersion?> ResolveAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var versions = db.Set<ModelVersion>().AsNoTracking().Where(v => v.ProjectId == deployment.ProjectId && v.ModelName == deployment.ModelName);
        if (deployment.Alias is null) return versions.FirstOrDefaultAsync(v => v.Number == deployment.VersionNumber, cancellationToken);
        return db.Set<ModelAlias>().Where(a => a.Name == deployment.Alias)
            .Join(versions, a => a.VersionId, v => v.Id, (a, v) => v).FirstOrDefaultAsync(cancellationToken);
    }

    private static string Unresolved(Deployment deployment) => deployment.Alias is null
        ? $"model: the project has no version {deployment.VersionNumber} of a model '{deployment.ModelName}'."
        : $"alias: model '{deployment.ModelName}' has no alias '{deployment.Alias}' (or no such model).";

    private static void CheckSensor(Deployment deployment, ModelVersion version)
    {
        if (deployment.SensorKind is { } kind && kind != version.TrainerKind)
            throw new InvalidInputException($"sensorKind: {version.ModelName} v{version.Number} is a {version.TrainerKind} model; it cannot answer for {kind}.");
    }
}
