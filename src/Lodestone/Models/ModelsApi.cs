using System.Security.Claims;
using Lodestone.Projects;
using Lodestone.Trainers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lodestone.Models;

/// <summary>
/// Models under <c>/api/projects/{projectId}/models</c>: the project's models with their metadata, creating an empty one,
/// changing its metadata, cloning it, suggested names, and its versions (every completed run that saved a model made
/// one; their label and notes are the only things set here). Aliases are <see cref="ModelAliasesApi"/>'s.
/// </summary>
public static class ModelsApi
{
    public static void MapModelsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapProjectGroup("/models", "Models");
        models.MapGet("/", Models).WithSummary("The project's models: metadata, trainer kind, version count, newest version and aliases");
        models.MapPost("/", Create).RequiresRole(ProjectRole.Editor)
            .WithSummary("Create a model before any version").WithDescription("Without `name`, one is generated from `task` and `datasetIds` (as `GET …/models/name-suggestion`). A name the project already has is a 409.");
        models.MapGet("/name-suggestion", SuggestName)
            .WithSummary("A suggested model name, unique in the project").WithDescription("From `task`, the most frequent `labels` (`?labels=motor&labels=fan`, most frequent first) and the number and size of the `datasetIds`: e.g. `motor-fan-classifier-3ds-large`.");
        models.MapGet("/versions", Versions)
            .WithSummary("Versions of the project's models, newest first per model; filter with ?name=… and ?trainerKind=…");
        models.MapGet("/versions/{versionId:guid}", Version).WithSummary("A version with its lineage (ancestors, parent first)");
        models.MapGet("/{name}", Get).WithSummary("A model with its metadata and aliases");
        models.MapPatch("/{name}", Patch).RequiresRole(ProjectRole.Editor)
            .WithSummary("Change a model's description, tags, category, author, task or custom metadata (a JSON object)");
        models.MapPost("/{name}/clone", Clone).RequiresRole(ProjectRole.Editor)
            .WithSummary("Clone a model").WithDescription("A new model with this one's metadata and its versions' facts copied as versions 1, 2… (each naming the version it was cloned from, sharing its saved model); `withTrainingData` keeps the datasets they were fitted on. Without `name`, one is generated. Aliases stay with the original.");
        models.MapGet("/{name}/versions/{number:int}", VersionByNumber).WithSummary("A version by model name and number, with its lineage");
        models.MapPatch("/{name}/versions/{number:int}", PatchVersion).RequiresRole(ProjectRole.Editor)
            .WithSummary("Set a version's label (e.g. 1.4.0) and notes; an empty string clears one");
        models.MapModelAliasesApi();
        models.MapModelHistoryApi();
    }

    private static async Task<List<ModelResponse>> Models(Guid projectId, ModelCatalog catalog, ModelRegistry registry, CancellationToken ct)
    {
        var models = await catalog.ListAsync(projectId, ct);
        var versions = (await registry.ListAsync(projectId, cancellationToken: ct)).ToLookup(v => v.ModelId);
        var aliases = await catalog.AliasesAsync(models.Select(m => m.Id).ToList(), ct);
        return models.Select(m => ModelResponse.Of(m, versions[m.Id].ToList(), aliases.GetValueOrDefault(m.Id)))
            .OrderByDescending(m => m.UpdatedAt).ToList();
    }

    private static async Task<Results<Ok<ModelResponse>, NotFound>> Get(Guid projectId, string name, ModelCatalog catalog, ModelRegistry registry,
        CancellationToken ct)
    {
        var model = await catalog.FindAsync(projectId, name, ct);
        return model is null ? TypedResults.NotFound() : TypedResults.Ok(await ResponseAsync(model, catalog, registry, ct));
    }

    private static async Task<Results<Created<ModelResponse>, Conflict<ProblemDetails>>> Create(Guid projectId, CreateModelRequest request,
        ClaimsPrincipal user, ModelCatalog catalog, ModelRegistry registry, CancellationToken ct)
    {
        try
        {
            var model = await catalog.CreateAsync(projectId, new NewModel(request.Name, request.Task, request.Author ?? user.Identity?.Name,
                new ModelChange(request.Description, request.Tags, request.Category, null, request.Metadata), request.DatasetIds ?? []), ct);
            return TypedResults.Created(Location(projectId, model), await ResponseAsync(model, catalog, registry, ct));
        }
        catch (ModelNameTakenException e)
        {
            return Conflict(e);
        }
    }

    private static async Task<ModelNameSuggestion> SuggestName(Guid projectId, TrainingTask? task, [FromQuery] string[]? labels,
        [FromQuery] Guid[]? datasetIds, ModelCatalog catalog, CancellationToken ct)
    {
        // Given in order of frequency, most frequent first.
        var ranked = (labels ?? []).Select((l, i) => new KeyValuePair<string, long>(l, (labels?.Length ?? 0) - i));
        return new ModelNameSuggestion(await catalog.SuggestNameAsync(projectId, task, ranked, datasetIds ?? [], ct));
    }

    private static async Task<Results<Ok<ModelResponse>, NotFound>> Patch(Guid projectId, string name, PatchModelRequest request,
        ModelCatalog catalog, ModelRegistry registry, CancellationToken ct)
    {
        var model = await catalog.ChangeAsync(projectId, name,
            new ModelChange(request.Description, request.Tags, request.Category, request.Author, request.Metadata, request.Task), ct);
        return model is null ? TypedResults.NotFound() : TypedResults.Ok(await ResponseAsync(model, catalog, registry, ct));
    }

    private static async Task<Results<Created<ModelResponse>, NotFound, Conflict<ProblemDetails>>> Clone(Guid projectId, string name,
        CloneModelRequest? request, ClaimsPrincipal user, ModelCatalog catalog, ModelRegistry registry, CancellationToken ct)
    {
        request ??= new CloneModelRequest();
        try
        {
            var clone = await catalog.CloneAsync(projectId, name, request.Name, request.WithTrainingData, request.Author ?? user.Identity?.Name, ct);
            if (clone is null) return TypedResults.NotFound();
            return TypedResults.Created(Location(projectId, clone), await ResponseAsync(clone, catalog, registry, ct));
        }
        catch (ModelNameTakenException e)
        {
            return Conflict(e);
        }
    }

    private static async Task<List<ModelVersionResponse>> Versions(Guid projectId, string? name, string? trainerKind, ModelRegistry registry,
        CancellationToken ct)
    {
        var versions = await registry.ListAsync(projectId, name, trainerKind, ct);
        var parents = await registry.ByIdAsync(versions.Select(v => v.ParentVersionId).OfType<Guid>().Distinct().ToList(), ct);
        return versions.Select(v => ModelVersionResponse.Of(v, v.ParentVersionId is { } p ? parents.GetValueOrDefault(p) : null)).ToList();
    }

    private static async Task<Results<Ok<ModelVersionResponse>, NotFound>> Version(Guid projectId, Guid versionId, ModelRegistry registry,
        Deployments.InferenceBenchmarker benchmarks, CancellationToken ct)
    {
        var version = await registry.FindAsync(projectId, versionId, ct);
        return version is null ? TypedResults.NotFound() : TypedResults.Ok(await WithLineageAsync(version, registry, ct, benchmarks));
    }

    private static async Task<Results<Ok<ModelVersionResponse>, NotFound>> VersionByNumber(Guid projectId, string name, int number,
        ModelRegistry registry, Deployments.InferenceBenchmarker benchmarks, CancellationToken ct)
    {
        var version = (await registry.ListAsync(projectId, name, cancellationToken: ct)).FirstOrDefault(v => v.Number == number);
        return version is null ? TypedResults.NotFound() : TypedResults.Ok(await WithLineageAsync(version, registry, ct, benchmarks));
    }

    private static async Task<Results<Ok<ModelVersionResponse>, NotFound>> PatchVersion(Guid projectId, string name, int number,
        PatchModelVersionRequest request, ModelCatalog catalog, ModelRegistry registry, CancellationToken ct)
    {
        var version = await catalog.DescribeVersionAsync(projectId, name, number, request.VersionLabel, request.Notes, ct);
        return version is null ? TypedResults.NotFound() : TypedResults.Ok(await WithLineageAsync(version, registry, ct));
    }

    internal static async Task<ModelVersionResponse> WithLineageAsync(ModelVersion version, ModelRegistry registry, CancellationToken ct,
        Deployments.InferenceBenchmarker? benchmarks = null)
    {
        var ancestors = await registry.AncestorsAsync(version, ct);
        var benchmark = benchmarks is null ? null : await benchmarks.LatestAsync(version.Id, ct);
        return ModelVersionResponse.Of(version, ancestors.FirstOrDefault(), ancestors, benchmark);
    }

    private static async Task<ModelResponse> ResponseAsync(Model model, ModelCatalog catalog, ModelRegistry registry, CancellationToken ct)
    {
        var versions = await registry.ListAsync(model.ProjectId, model.Name, cancellationToken: ct);
        var aliases = await catalog.AliasesAsync([model.Id], ct);
        return ModelResponse.Of(model, versions, aliases.GetValueOrDefault(model.Id));
    }

    private static string Location(Guid projectId, Model model) => $"/api/projects/{projectId}/models/{Uri.EscapeDataString(model.Name)}";

    private static Conflict<ProblemDetails> Conflict(ModelNameTakenException e) =>
        TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Name taken", Detail = e.Message });
}
