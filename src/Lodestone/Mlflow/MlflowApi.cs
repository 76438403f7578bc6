using Lodestone.Training;

namespace Lodestone.Mlflow;

/// <summary>
/// The subset of the MLflow Tracking REST API 2.0 that MLflow clients use, at <c>/api/2.0/mlflow/…</c> and
/// <c>/ajax-api/2.0/mlflow/…</c>, with artifacts at <c>/api/2.0/mlflow-artifacts/artifacts/…</c>. Experiments are
/// projects (see <see cref="MlflowExperiments"/>); runs are external training runs. Authenticate with the API key as
/// Bearer token or as the Basic password (<c>MLFLOW_TRACKING_TOKEN</c> or <c>MLFLOW_TRACKING_PASSWORD</c>). The model
/// registry and MLflow 3's logged models are <see cref="MlflowRegistryRoutes"/>'.
/// </summary>
public static class MlflowApi
{
    public static void MapMlflowApi(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api/2.0/mlflow", "/ajax-api/2.0/mlflow" })
        {
            var api = app.MapGroup(prefix).WithTags("MLflow").AddEndpointFilter(TranslateErrors).DisableAntiforgery()
                .RequireRateLimiting(Hosting.ApplicationServices.RateLimitPolicy);
            api.MapGet("/experiments/get-by-name", MlflowExperiments.GetByName).WithSummary("MLflow: an experiment (project) by name");
            api.MapGet("/experiments/get", MlflowExperiments.Get).WithSummary("MLflow: an experiment (project) by id");
            api.MapPost("/experiments/create", MlflowExperiments.Create).WithSummary("MLflow: create an experiment (a project you administer)");
            api.MapPost("/experiments/update", MlflowExperiments.Update).WithSummary("MLflow: rename an experiment (a project you administer)");
            api.MapPost("/experiments/delete", MlflowExperiments.Delete).WithSummary("MLflow: delete an experiment and its runs (restorable; project admins)");
            api.MapPost("/experiments/restore", MlflowExperiments.Restore).WithSummary("MLflow: restore a deleted experiment with its runs (project admins)");
            api.MapPost("/experiments/set-experiment-tag", MlflowExperiments.SetTag).WithSummary("MLflow: set an experiment's tag");
            api.MapPost("/experiments/delete-experiment-tag", MlflowExperiments.DeleteTag).WithSummary("MLflow: delete an experiment's tag");
            api.MapPost("/experiments/search", MlflowExperiments.Search).WithSummary("MLflow: your experiments (projects)");
            api.MapGet("/experiments/search", MlflowExperiments.Search).ExcludeFromDescription();
            // MLflow 1.x clients list experiments and artifacts with these; they answer as search and the artifact list do.
            api.MapGet("/experiments/list", MlflowExperiments.Search).ExcludeFromDescription();
            api.MapGet("/artifacts/list", MlflowArtifacts.ListOfRun).WithSummary("MLflow: a run's artifacts under ?path=");
            api.MapPost("/runs/create", MlflowRuns.Create).WithSummary("MLflow: start a run");
            api.MapGet("/runs/get", MlflowRuns.Get).WithSummary("MLflow: a run with its latest metrics, params and tags");
            api.MapPost("/runs/update", MlflowRuns.Update).WithSummary("MLflow: set a run's status, end time or name");
            api.MapPost("/runs/delete", MlflowRuns.Delete).WithSummary("MLflow: delete a run");
            api.MapPost("/runs/restore", MlflowRuns.Restore).WithSummary("MLflow: restore a deleted run");
            api.MapPost("/runs/search", MlflowSearch.SearchRuns).WithSummary("MLflow: search runs with filter and order_by");
            api.MapPost("/runs/log-metric", MlflowRuns.LogMetric).WithSummary("MLflow: log a metric");
            api.MapPost("/runs/log-parameter", MlflowRuns.LogParameter).WithSummary("MLflow: log a param");
            api.MapPost("/runs/log-batch", MlflowRuns.LogBatch).WithSummary("MLflow: log up to 1000 metrics, 100 params and 100 tags");
            api.MapPost("/runs/set-tag", MlflowRuns.SetTag).WithSummary("MLflow: set a tag");
            api.MapPost("/runs/delete-tag", MlflowRuns.DeleteTag).WithSummary("MLflow: delete a tag");
            api.MapGet("/metrics/get-history", MlflowRuns.GetHistory).WithSummary("MLflow: every value of a metric");
            api.MapGet("/metrics/get-history-bulk-interval", MlflowRuns.GetHistoryBulkInterval)
                .WithSummary("MLflow: a metric's history of several runs, downsampled per run (the UI's charts)");
            api.MapMlflowRegistry();
            // Clients read the error body; an empty 404 (or the app's HTML) reads to them as a broken server.
            api.Map("/{**path}", (string path) => MlflowJson.Error("ENDPOINT_NOT_FOUND", $"No MLflow endpoint '{path}' here.", StatusCodes.Status404NotFound))
                .ExcludeFromDescription();
        }
        var artifacts = app.MapGroup("/api/2.0/mlflow-artifacts").WithTags("MLflow").AddEndpointFilter(TranslateErrors).DisableAntiforgery()
            .RequireRateLimiting(Hosting.ApplicationServices.RateLimitPolicy);
        artifacts.MapPut("/artifacts/{**path}", MlflowArtifacts.Upload).WithSummary("MLflow: upload an artifact");
        artifacts.MapGet("/artifacts/{**path}", MlflowArtifacts.Download).WithSummary("MLflow: download an artifact");
        artifacts.MapGet("/artifacts", MlflowArtifacts.List).WithSummary("MLflow: list artifacts under ?path=");
    }

    private static async ValueTask<object?> TranslateErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (MlflowException e)
        {
            return MlflowJson.Error(e.ErrorCode, e.Message, e.Status);
        }
        catch (InvalidInputException e)
        {
            return MlflowJson.Error("INVALID_PARAMETER_VALUE", e.Message, StatusCodes.Status400BadRequest);
        }
    }
}
