using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestone.Models;

/// <summary>
/// A model's aliases under <c>/api/projects/{projectId}/models/{name}/aliases/{alias}</c>: point one at a version
/// (creating or moving it in one update), remove it, and read the version it points at.
/// </summary>
internal static class ModelAliasesApi
{
    public static void MapModelAliasesApi(this RouteGroupBuilder models)
    {
        models.MapPut("/{name}/aliases/{alias}", Set).RequiresRole(ProjectRole.Editor)
            .WithSummary("Point an alias at a version: `{\"version\": 3}`")
            .WithDescription($"Aliases match `{ModelAlias.Pattern}`; `latest` and `v1`, `v2`… are reserved. Moving an alias is one update: a reader sees the old version or the new one.");
        models.MapDelete("/{name}/aliases/{alias}", Delete).RequiresRole(ProjectRole.Editor).WithSummary("Remove an alias");
        models.MapGet("/{name}/aliases/{alias}", Get).WithSummary("The version an alias points at, with its lineage");
    }

    private static async Task<Results<Ok<ModelVersionResponse>, NotFound>> Set(Guid projectId, string name, string alias, SetAliasRequest request,
        ModelCatalog catalog, ModelRegistry registry, Deployments.DeploymentService deployments, CancellationToken ct)
    {
        var set = await catalog.SetAliasAsync(projectId, name, alias, request.Version, ct);
        if (set is null) return TypedResults.NotFound();
        // Deployments following the alias warm the version it now points at, then switch to it.
        await deployments.RefreshAsync(projectId, ct);
        var version = await registry.FindAsync(projectId, set.VersionId, ct);
        return TypedResults.Ok(await ModelsApi.WithLineageAsync(version!, registry, ct));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(Guid projectId, string name, string alias, ModelCatalog catalog,
        Deployments.DeploymentService deployments, CancellationToken ct)
    {
        if (!await catalog.DeleteAliasAsync(projectId, name, alias, ct)) return TypedResults.NotFound();
        await deployments.RefreshAsync(projectId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ModelVersionResponse>, NotFound>> Get(Guid projectId, string name, string alias, ModelCatalog catalog,
        ModelRegistry registry, CancellationToken ct)
    {
        var version = await catalog.VersionByAliasAsync(projectId, name, alias, ct);
        return version is null ? TypedResults.NotFound() : TypedResults.Ok(await ModelsApi.WithLineageAsync(version, registry, ct));
    }
}
