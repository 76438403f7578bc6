using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestone.Models;

/// <summary>
/// Model versions under <c>/api/projects/{projectId}/models</c>: the project's models, their versions (every completed
/// run that saved a model made one), and one version with its lineage. Versions are read-only here: runs create them.
/// </summary>
public static class ModelsApi
{
    public static void MapModelsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapProjectGroup("/models", "Model versions");
        models.MapGet("/", Models).WithSummary("The project's models: name, trainer kind, version count and newest version");
        models.MapGet("/versions", Versions)
            .WithSummary("Versions of the project's models, newest first per model; filter with ?name=… and ?trainerKind=…");
        models.MapGet("/versions/{versionId:guid}", Version).WithSummary("A version with its lineage (ancestors, parent first)");
        models.MapGet("/{name}/versions/{number:int}", VersionByNumber).WithSummary("A version by model name and number, with its lineage");
    }

    private static async Task<List<ModelSummary>> Models(Guid projectId, ModelRegistry registry, CancellationToken ct)
    {
        var versions = await registry.ListAsync(projectId, cancellationToken: ct);
        return versions.GroupBy(v => v.ModelName)
            .Select(g => g.MaxBy(v => v.Number)!)
            .Select(latest => new ModelSummary(latest.ModelName, latest.TrainerKind, versions.Count(v => v.ModelName == latest.ModelName),
                ModelVersionRef.Of(latest), latest.CreatedAt))
            .OrderByDescending(m => m.UpdatedAt).ToList();
    }

    private static async Task<List<ModelVersionResponse>> Versions(Guid projectId, string? name, string? trainerKind, ModelRegistry registry,
        CancellationToken ct)
    {
        var versions = await registry.ListAsync(projectId, name, trainerKind, ct);
        var parents = await registry.ByIdAsync(versions.Select(v => v.ParentVersionId).OfType<Guid>().Distinct().ToList(), ct);
        return versions.Select(v => ModelVersionResponse.Of(v, v.ParentVersionId is { } p ? parents.GetValueOrDefault(p) : null)).ToList();
    }

    private static async Task<Results<Ok<ModelVersionResponse>, NotFound>> Version(Guid projectId, Guid versionId, ModelRegistry registry,
        CancellationToken ct)
    {
        var version = await registry.FindAsync(projectId, versionId, ct);
        return version is null ? TypedResults.NotFound() : TypedResults.Ok(await WithLineageAsync(version, registry, ct));
    }

    private static async Task<Results<Ok<ModelVersionResponse>, NotFound>> VersionByNumber(Guid projectId, string name, int number,
        ModelRegistry registry, CancellationToken ct)
    {
        var version = (await registry.ListAsync(projectId, name, cancellationToken: ct)).FirstOrDefault(v => v.Number == number);
        return version is null ? TypedResults.NotFound() : TypedResults.Ok(await WithLineageAsync(version, registry, ct));
    }

    private static async Task<ModelVersionResponse> WithLineageAsync(ModelVersion version, ModelRegistry registry, CancellationToken ct)
    {
        var ancestors = await registry.AncestorsAsync(version, ct);
        return ModelVersionResponse.Of(version, ancestors.FirstOrDefault(), ancestors);
    }
}
