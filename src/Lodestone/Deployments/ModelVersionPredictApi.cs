using Lodestone.Models;
using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Deployments;

/// <summary>
/// A version predicting without a deployment (<c>…/models/{name}/versions/{n}/predict</c>, same body and answer as a
/// deployment's), and its inference benchmark (<c>…/benchmark</c>), which is stored with the version and shown on its GET.
/// </summary>
public static class ModelVersionPredictApi
{
    public static void MapModelVersionPredictApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapProjectGroup("/models", "Models");
        models.MapPost("/{name}/versions/{number:int}/predict", Predict).RequireRateLimiting(Hosting.ApplicationServices.PredictRateLimitPolicy)
            .Accepts<PredictRequest>("application/json", "text/csv")
            .WithSummary("Predict with a version directly: the body and answer of a deployment's predict");
        models.MapPost("/{name}/versions/{number:int}/benchmark", Benchmark).RequiresRole(ProjectRole.Editor)
            .WithSummary("Measure the version's inference speed on windows of its shape (?runs=200): latency of one window, throughput in batches of 1, 32, 256, the hardware")
            .WithDescription("Takes a few seconds; the result is stored with the version and returned on its GET as `benchmark`.");
    }

    private static Task<ModelVersion?> FindAsync(ModelRegistry registry, Guid projectId, string name, int number, CancellationToken ct) =>
        registry.Versions.AsNoTracking().FirstOrDefaultAsync(v => v.ProjectId == projectId && v.ModelName == name && v.Number == number, ct);

    private static async Task<IResult> Predict(Guid projectId, string name, int number, HttpContext http, ModelRegistry registry, WarmModels warm)
    {
        var version = await FindAsync(registry, projectId, name, number, http.RequestAborted);
        if (version is null) return TypedResults.NotFound();
        ServingModel model;
        try
        {
            model = await warm.GetAsync(version);
        }
        catch (ModelLoadException e)
        {
            return DeploymentsApi.Conflict("Model does not load", e.Message);
        }
        var windows = await PredictRequestBody.ReadAsync(http.Request, model.Window, http.RequestAborted);
        return new PredictionResult(model, await model.PredictAsync(windows, http.RequestAborted), null, "version");
    }

    private static async Task<Results<Ok<InferenceBenchmark>, NotFound, Conflict<ProblemDetails>>> Benchmark(Guid projectId, string name, int number,
        int? runs, ModelRegistry registry, InferenceBenchmarker benchmarker, CancellationToken ct)
    {
        var version = await FindAsync(registry, projectId, name, number, ct);
        if (version is null) return TypedResults.NotFound();
        try
        {
            return TypedResults.Ok(await benchmarker.MeasureAsync(version, runs ?? InferenceBenchmarker.DefaultRuns, ct));
        }
        catch (ModelLoadException e)
        {
            return DeploymentsApi.Conflict("Model does not load", e.Message);
        }
    }
}
