namespace Lodestone.Mlflow;

/// <summary>
/// The MLflow model registry (<c>registered-models/*</c>, <c>model-versions/*</c>) and MLflow 3's <c>logged-models</c>
/// under the same prefixes as the tracking API; methods as MLflow's service definitions give them.
/// </summary>
internal static class MlflowRegistryRoutes
{
    public static void MapMlflowRegistry(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/registered-models");
        models.MapPost("/create", MlflowRegisteredModels.Create).WithSummary("MLflow: create a registered model (see the docs for which project it lands in)");
        models.MapGet("/get", MlflowRegisteredModels.Get).WithSummary("MLflow: a registered model with its newest version, tags and aliases");
        models.MapGet("/search", MlflowRegisteredModels.Search).WithSummary("MLflow: search registered models by name and tags");
        models.MapPost("/search", MlflowRegisteredModels.Search).ExcludeFromDescription();
        models.MapPatch("/update", MlflowRegisteredModels.Update).WithSummary("MLflow: set a registered model's description");
        models.MapPost("/rename", MlflowRegisteredModels.Rename).WithSummary("MLflow: rename a registered model");
        models.MapDelete("/delete", MlflowRegisteredModels.Delete).WithSummary("MLflow: delete a registered model with its versions");
        models.MapPost("/set-tag", MlflowRegisteredModels.SetTag).WithSummary("MLflow: set a registered model's tag");
        models.MapDelete("/delete-tag", MlflowRegisteredModels.DeleteTag).WithSummary("MLflow: delete a registered model's tag");
        models.MapPost("/alias", MlflowRegisteredModels.SetAlias).WithSummary("MLflow: point an alias at a version");
        models.MapDelete("/alias", MlflowRegisteredModels.DeleteAlias).WithSummary("MLflow: delete an alias");
        models.MapGet("/alias", MlflowRegisteredModels.GetByAlias).WithSummary("MLflow: the version an alias points at");
        models.MapGet("/get-by-alias", MlflowRegisteredModels.GetByAlias).ExcludeFromDescription();
        models.MapPost("/get-latest-versions", MlflowRegisteredModels.GetLatestVersions).WithSummary("MLflow: the newest version (every version is in stage None)");
        models.MapGet("/get-latest-versions", MlflowRegisteredModels.GetLatestVersions).ExcludeFromDescription();

        var versions = api.MapGroup("/model-versions");
        versions.MapPost("/create", MlflowModelVersions.Create).WithSummary("MLflow: register a run's (or a logged model's) files as a version");
        versions.MapGet("/get", MlflowModelVersions.Get).WithSummary("MLflow: a model version");
        versions.MapGet("/search", MlflowModelVersions.Search).WithSummary("MLflow: search model versions by name, run_id, source_path and tags");
        versions.MapPost("/search", MlflowModelVersions.Search).ExcludeFromDescription();
        versions.MapPatch("/update", MlflowModelVersions.Update).WithSummary("MLflow: set a version's description (its notes)");
        versions.MapDelete("/delete", MlflowModelVersions.Delete).WithSummary("MLflow: delete a model version");
        versions.MapPost("/set-tag", MlflowModelVersions.SetTag).WithSummary("MLflow: set a version's tag");
        versions.MapDelete("/delete-tag", MlflowModelVersions.DeleteTag).WithSummary("MLflow: delete a version's tag");
        versions.MapGet("/get-download-uri", MlflowModelVersions.GetDownloadUri).WithSummary("MLflow: where to download a version's files");
        // Stages are deprecated in MLflow and absent here; a clear refusal beats ENDPOINT_NOT_FOUND for old scripts.
        versions.MapPost("/transition-stage", () => MlflowJson.Error("INVALID_PARAMETER_VALUE",
            "Lodestone has aliases, not stages: set one with registered-models/alias (MlflowClient.set_registered_model_alias).", StatusCodes.Status400BadRequest))
            .ExcludeFromDescription();

        var logged = api.MapGroup("/logged-models");
        logged.MapPost("/", MlflowLoggedModels.Create).WithSummary("MLflow 3: create a logged model (pending) in an experiment");
        logged.MapPost("/search", MlflowLoggedModels.Search).WithSummary("MLflow 3: search logged models of experiments");
        logged.MapGet("/{modelId}", MlflowLoggedModels.Get).WithSummary("MLflow 3: a logged model");
        logged.MapPatch("/{modelId}", MlflowLoggedModels.Finalize).WithSummary("MLflow 3: finalize a logged model (ready or upload failed)");
        logged.MapDelete("/{modelId}", MlflowLoggedModels.Delete).WithSummary("MLflow 3: delete a logged model");
        logged.MapPatch("/{modelId}/tags", MlflowLoggedModels.SetTags).WithSummary("MLflow 3: set a logged model's tags");
        logged.MapDelete("/{modelId}/tags/{tagKey}", MlflowLoggedModels.DeleteTag).WithSummary("MLflow 3: delete a logged model's tag");
        logged.MapPost("/{modelId}/params", MlflowLoggedModels.LogParams).WithSummary("MLflow 3: log a logged model's params");
        api.MapPost("/runs/outputs", MlflowLoggedModels.LogOutputs).WithSummary("MLflow 3: a run's output models (the logged models it is the source of)");
    }
}
