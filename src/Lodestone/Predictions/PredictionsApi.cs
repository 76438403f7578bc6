using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lodestone.Predictions;

/// <summary>
/// Batch predictions under <c>/api/projects/{projectId}/predictions</c>: a model version predicting over a dataset as a
/// job with progress, its summary, and its per-window results read from the sample store for charts at any zoom.
/// </summary>
public static class PredictionsApi
{
    public const int DefaultBuckets = 1000;
    public const int MaxBuckets = 10_000;

    public static void MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        var predictions = app.MapProjectGroup("/predictions", "Predictions");
        predictions.MapPost("/", Create).RequiresRole(ProjectRole.Editor)
            .WithSummary("Predict with a model version over a dataset (a job; 202 with the queued batch)")
            .WithDescription("`{\"modelName\": \"pump-anomaly-detector\", \"version\": 3, \"datasetId\": \"…\"}`, or `\"alias\": \"production\"` instead of `version`. The dataset's windows are cut as the version cut its own (length, stride, channels; each sensor of a multi-sensor dataset on its own), and its channels are checked first: a dataset without one the version reads is a 400 naming it.");
        predictions.MapGet("/", List).WithSummary("The project's batches, newest first; filter with ?datasetId=…, ?modelVersionId=…, ?completed=true");
        predictions.MapGet("/{batchId:guid}", Get).WithSummary("A batch with its progress and summary (windows, flagged, per label, score range, threshold)");
        predictions.MapDelete("/{batchId:guid}", Delete).RequiresRole(ProjectRole.Editor)
            .WithSummary("Cancel a queued or running batch (200 with it, cancelled), or delete an ended one with its results (204)");
        predictions.MapGet("/{batchId:guid}/windows", Windows)
            .WithSummary("A completed batch's windows in ?from=&to= (ISO 8601), at most ?buckets= points or bands per sensor (default 1000)")
            .WithDescription("Detectors and regressors: `scores`, the highest score per bucket and whether any window in it was flagged, with the threshold. Classifiers: `bands`, adjacent windows of one label merged (the most frequent label per bucket when zoomed out). Windows that overlap the range are included.");
    }

    private static async Task<Accepted<PredictionBatchResponse>> Create(Guid projectId, CreatePredictionRequest request, ClaimsPrincipal user,
        PredictionService predictions, CancellationToken ct)
    {
        var batch = await predictions.CreateAsync(projectId, new NewPredictionBatch(request.ModelName, request.Version, request.Alias, request.DatasetId, user.UserId()), ct);
        return TypedResults.Accepted($"/api/projects/{projectId}/predictions/{batch.Id}", PredictionBatchResponse.Of(batch));
    }

    private static async Task<List<PredictionBatchResponse>> List(Guid projectId, Guid? datasetId, Guid? modelVersionId, bool? completed,
        PredictionService predictions, CancellationToken ct) =>
        [.. (await predictions.ListAsync(projectId, datasetId, modelVersionId, completed == true, ct)).Select(PredictionBatchResponse.Of)];

    private static async Task<Results<Ok<PredictionBatchResponse>, NotFound>> Get(Guid projectId, Guid batchId, PredictionService predictions, CancellationToken ct) =>
        await predictions.FindAsync(projectId, batchId, ct) is { } batch ? TypedResults.Ok(PredictionBatchResponse.Of(batch)) : TypedResults.NotFound();

    private static async Task<Results<Ok<PredictionBatchResponse>, NoContent, NotFound>> Delete(Guid projectId, Guid batchId, PredictionService predictions,
        CancellationToken ct) =>
        await predictions.CancelOrDeleteAsync(projectId, batchId, ct) switch
        {
            null => TypedResults.NotFound(),
            ({ } batch, false) => TypedResults.Ok(PredictionBatchResponse.Of(batch)),
            _ => TypedResults.NoContent(),
        };

    private static async Task<Results<Ok<PredictionWindowsResponse>, NotFound, Conflict<ProblemDetails>>> Windows(Guid projectId, Guid batchId,
        DateTime? from, DateTime? to, int? buckets, PredictionService predictions, PredictionStore store, CancellationToken ct)
    {
        var count = buckets ?? DefaultBuckets;
        if (count is < 1 or > MaxBuckets) throw new InvalidInputException($"buckets: must be between 1 and {MaxBuckets}; it is {count}.");
        if (from is { } f && to is { } t && f >= t) throw new InvalidInputException("from: must be before to.");
        var batch = await predictions.FindAsync(projectId, batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        if (batch.State != PredictionBatchState.Completed)
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = "Not completed",
                Detail = $"The batch is {batch.State}; its windows can be read once it has completed.",
            });
        if (!store.Exists(projectId, batchId)) return TypedResults.NotFound(); // its folder was removed from the data folder by hand
        var view = await Task.Run(() => store.Read(projectId, batchId, PredictionChecks.DrawsBands(batch.Task), Utc(from), Utc(to), count), ct);
        return TypedResults.Ok(PredictionWindowsResponse.Of(batch, view));
    }

    private static DateTime? Utc(DateTime? time) => time is { } t ? t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc) : null;
}
