using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestone.Models;

/// <summary>
/// A model's history under <c>/api/projects/{projectId}/models/{name}</c>: <c>lineage</c>, the graph of where its
/// versions came from (and what other models came from them), and <c>metrics</c>, each metric over its versions with
/// the best value and the version that holds it.
/// </summary>
internal static class ModelHistoryApi
{
    public static void MapModelHistoryApi(this RouteGroupBuilder models)
    {
        models.MapGet("/{name}/lineage", Lineage)
            .WithSummary("The genealogy of a model's versions as a graph: nodes (its versions and the other models' versions around them) and edges (continued or cloned), older to newer");
        models.MapGet("/{name}/metrics", Metrics)
            .WithSummary("Each metric across a model's versions, oldest first, with which way is better, the best value and the version that holds it");
    }

    private static async Task<Results<Ok<ModelGenealogy>, NotFound>> Lineage(Guid projectId, string name, ModelCatalog catalog,
        ModelGenealogist genealogist, CancellationToken ct) =>
        await catalog.FindAsync(projectId, name, ct) is { } model
            ? TypedResults.Ok(await genealogist.ForModelAsync(projectId, model.Id, ct))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<MetricAcrossVersions>>, NotFound>> Metrics(Guid projectId, string name, ModelCatalog catalog,
        ModelRegistry registry, CancellationToken ct)
    {
        if (await catalog.FindAsync(projectId, name, ct) is not { } model) return TypedResults.NotFound();
        var versions = (await registry.ListAsync(projectId, cancellationToken: ct)).Where(v => v.ModelId == model.Id);
        return TypedResults.Ok(MetricAcrossVersions.Of(versions));
    }
}
