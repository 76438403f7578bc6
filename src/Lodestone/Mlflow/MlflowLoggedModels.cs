using Lodestone.Accounts;
using Lodestone.Models;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Mlflow;

/// <summary>
/// MLflow 3's <c>logged-models</c> calls, which <c>mlflow.&lt;flavor&gt;.log_model</c> makes: create (pending), upload
/// the files to its <c>artifact_uri</c>, finalize (ready), and for <c>registered_model_name</c> or
/// <c>mlflow.register_model</c> a model version from <c>models:/m-…</c>. A logged model's files live in its source
/// run's folder under <c>models/{model_id}</c>; one logged outside any run gets a finished run of its own to hold them.
/// </summary>
internal static class MlflowLoggedModels
{
    public const string Pending = "LOGGED_MODEL_PENDING", Ready = "LOGGED_MODEL_READY", Failed = "LOGGED_MODEL_UPLOAD_FAILED";

    public static async Task<IResult> Create([AsParameters] MlflowRegistryScope scope, TimeProvider clock)
    {
        var body = await scope.ReadAsync<CreateLoggedModelBody>();
        var project = await MlflowExperiments.ResolveActiveAsync(body.ExperimentId ?? MlflowExperiments.DefaultId, scope.User, scope.Projects, scope.Authorization,
            ProjectRole.Editor, scope.Ct);
        TrainingRun run;
        if (!string.IsNullOrWhiteSpace(body.SourceRunId))
        {
            run = await MlflowRuns.FindAsync(body.SourceRunId, scope.User, scope.Projects, scope.Authorization, scope.Training, ProjectRole.Editor, scope.Ct);
            if (run.ProjectId != project.Id) throw MlflowException.InvalidParameter($"source_run_id: run {body.SourceRunId} is not in experiment {body.ExperimentId}.");
        }
        else
        {
            // Files need a run's folder; a model logged outside any run gets a finished one named after it.
            run = await scope.Training.CreateExternalAsync(new NewRun(project.Id, scope.User.UserId(), body.Name ?? "logged model", "mlflow", null, []), null, scope.Ct);
            run = (await scope.Training.ChangeAsync(run.Id, (r, now) => r.ReportExternal(ExternalRunStatus.Finished, now, new Dictionary<string, double>()), scope.Ct))!.Value.Run;
        }
        var model = LoggedModel.Create(project.Id, run.Id, body.Name, body.ModelType, Pairs(body.Params), Pairs(body.Tags), clock.GetUtcNow().UtcDateTime);
        await scope.LoggedModels.AddAsync(model, scope.Ct);
        return MlflowJson.Ok(new { model = await ShapeAsync(model, scope) });
    }

    public static async Task<IResult> Get(string modelId, [AsParameters] MlflowRegistryScope scope)
    {
        var model = await FindAsync(modelId, scope, ProjectRole.Viewer);
        return MlflowJson.Ok(new { model = await ShapeAsync(model, scope) });
    }

    public static async Task<IResult> Finalize(string modelId, [AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<LoggedModelChangeBody>();
        await FindAsync(modelId, scope, ProjectRole.Editor);
        var status = body.Status switch
        {
            Ready => LoggedModelStatus.Ready,
            Failed => LoggedModelStatus.Failed,
            Pending => LoggedModelStatus.Pending,
            _ => throw MlflowException.InvalidParameter($"status: '{body.Status}' is not {Ready}, {Failed} or {Pending}."),
        };
        var changed = await scope.LoggedModels.ChangeAsync(modelId, (m, now) => m.Finalize(status, now), scope.Ct) ?? throw NotFound(modelId);
        return MlflowJson.Ok(new { model = await ShapeAsync(changed, scope) });
    }

    public static async Task<IResult> Delete(string modelId, [AsParameters] MlflowRegistryScope scope)
    {
        await FindAsync(modelId, scope, ProjectRole.Editor);
        await scope.LoggedModels.DeleteAsync(modelId, scope.Ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> SetTags(string modelId, [AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<LoggedModelChangeBody>();
        await FindAsync(modelId, scope, ProjectRole.Editor);
        var changed = await scope.LoggedModels.ChangeAsync(modelId, (m, now) => m.SetTags(Pairs(body.Tags), now), scope.Ct) ?? throw NotFound(modelId);
        return MlflowJson.Ok(new { model = await ShapeAsync(changed, scope) });
    }

    public static async Task<IResult> DeleteTag(string modelId, string tagKey, [AsParameters] MlflowRegistryScope scope)
    {
        await FindAsync(modelId, scope, ProjectRole.Editor);
        var removed = false;
        await scope.LoggedModels.ChangeAsync(modelId, (m, now) => removed = m.DeleteTag(tagKey, now), scope.Ct);
        if (!removed) throw MlflowException.NotFound($"No tag '{tagKey}' on logged model '{modelId}'.");
        return MlflowJson.Empty();
    }

    public static async Task<IResult> LogParams(string modelId, [AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<LoggedModelChangeBody>();
        await FindAsync(modelId, scope, ProjectRole.Editor);
        await scope.LoggedModels.ChangeAsync(modelId, (m, now) => m.LogParams(Pairs(body.Params), now), scope.Ct);
        return MlflowJson.Empty();
    }

    /// <summary>Filters on name, source_run_id, model_type, status, tags.&lt;key&gt; and params.&lt;key&gt;; newest first.</summary>
    public static async Task<IResult> Search([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<SearchLoggedModelsBody>();
        var ids = new List<Guid>();
        foreach (var experiment in body.ExperimentIds ?? [])
            ids.Add((await MlflowExperiments.ResolveAsync(experiment, scope.User, scope.Projects, scope.Authorization, ProjectRole.Viewer, scope.Ct)).Id);
        if (ids.Count == 0) throw MlflowException.InvalidParameter("Missing value for required parameter 'experiment_ids'.");
        IEnumerable<LoggedModel> found = await scope.LoggedModels.ListAsync(ids, scope.Ct);
        foreach (var clause in string.IsNullOrWhiteSpace(body.Filter) ? [] : MlflowFilter.Parse(body.Filter))
            found = clause switch
            {
                { Entity: "attribute", Key: "name" } => found.Where(m => MlflowFilter.Compare(m.Name, clause.Comparator, clause.Value)),
                { Entity: "attribute", Key: "source_run_id" } => found.Where(m => MlflowFilter.Compare(m.SourceRunId.ToString("N"), clause.Comparator, clause.Value)),
                { Entity: "attribute", Key: "model_type" } => found.Where(m => MlflowFilter.Compare(m.ModelType, clause.Comparator, clause.Value)),
                { Entity: "attribute", Key: "status" } => found.Where(m => MlflowFilter.Compare(StatusOf(m.Status), clause.Comparator, clause.Value)),
                { Entity: "tag" } => found.Where(m => MlflowFilter.Compare(m.Tags.GetValueOrDefault(clause.Key), clause.Comparator, clause.Value)),
                { Entity: "param" } => found.Where(m => MlflowFilter.Compare(m.Params.GetValueOrDefault(clause.Key), clause.Comparator, clause.Value)),
                _ => throw MlflowException.InvalidParameter($"Logged models are filtered by name, source_run_id, model_type, status, tags and params, not '{clause.Key}'."),
            };
        foreach (var order in Enumerable.Reverse(body.OrderBy ?? []))
        {
            Func<LoggedModel, IComparable> key = order.FieldName switch
            {
                "name" => m => m.Name,
                "creation_timestamp" or "creation_time" => m => m.CreatedAt,
                "last_updated_timestamp" => m => m.UpdatedAt,
                _ => throw MlflowException.InvalidParameter($"order_by: logged models order by name, creation_timestamp or last_updated_timestamp, not '{order.FieldName}'."),
            };
            // Stable sorts applied last term first give the terms' precedence.
            found = order.Ascending ?? true ? found.OrderBy(key).ToList() : found.OrderByDescending(key).ToList();
        }
        var (page, next) = MlflowRegistrySearch.Page(found, body.PageToken, body.MaxResults, 100, 1000);
        var shaped = new List<MlflowLoggedModel>();
        foreach (var model in page) shaped.Add(await ShapeAsync(model, scope));
        return MlflowJson.Ok(new { models = shaped, next_page_token = next });
    }

    /// <summary>runs/outputs: the run's output models are the logged models it is the source of, so this only checks them.</summary>
    public static async Task<IResult> LogOutputs([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<LogOutputsBody>();
        var run = await MlflowRuns.FindAsync(body.RunId, scope.User, scope.Projects, scope.Authorization, scope.Training, ProjectRole.Editor, scope.Ct);
        foreach (var output in body.Models ?? [])
        {
            var model = await FindAsync(output.ModelId, scope, ProjectRole.Viewer);
            if (model.SourceRunId != run.Id)
                throw MlflowException.InvalidParameter($"Logged model '{output.ModelId}' was logged by another run; a run's outputs are the models it logged.");
        }
        return MlflowJson.Empty();
    }

    /// <summary>The logged model, if the caller has the role in its project; otherwise (or when it does not exist) RESOURCE_DOES_NOT_EXIST.</summary>
    public static async Task<LoggedModel> FindAsync(string? modelId, MlflowRegistryScope scope, ProjectRole role)
    {
        if (string.IsNullOrWhiteSpace(modelId)) throw MlflowException.InvalidParameter("Missing value for required parameter 'model_id'.");
        var model = await scope.LoggedModels.FindAsync(modelId.Trim(), scope.Ct);
        var access = model is null ? null : await scope.Authorization.AuthorizeProjectAsync(scope.User, model.ProjectId, role);
        if (model is null || access is not { IsMember: true }) throw NotFound(modelId);
        if (access.Role < role) throw new MlflowException("PERMISSION_DENIED", $"This needs the {role} role in the logged model's project.", StatusCodes.Status403Forbidden);
        return model;
    }

    public static async Task<MlflowLoggedModel> ShapeAsync(LoggedModel model, MlflowRegistryScope scope)
    {
        var registrations = await scope.Registry.Versions.AsNoTracking().Where(v => v.SourceRunId == model.SourceRunId && v.ArtifactPath == model.ArtifactPath)
            .OrderBy(v => v.CreatedAt).Select(v => new MlflowRegistration(v.ModelName, v.Number.ToString())).ToListAsync(scope.Ct);
        var info = new MlflowLoggedModelInfo(model.Id, model.ProjectId.ToString("N"), model.Name, MlflowRegistryShapes.Milliseconds(model.CreatedAt),
            MlflowRegistryShapes.Milliseconds(model.UpdatedAt), MlflowRegistryShapes.ArtifactUri(model.ProjectId, model.SourceRunId, model.ArtifactPath),
            StatusOf(model.Status), model.ModelType, model.SourceRunId.ToString("N"), "",
            model.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new MlflowTag(t.Key, t.Value)).ToList(), registrations);
        return new MlflowLoggedModel(info, new MlflowLoggedModelData(model.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new MlflowTag(p.Key, p.Value)).ToList(), []));
    }

    public static string StatusOf(LoggedModelStatus status) => status switch
    {
        LoggedModelStatus.Ready => Ready,
        LoggedModelStatus.Failed => Failed,
        _ => Pending,
    };

    private static IEnumerable<KeyValuePair<string, string>> Pairs(List<MlflowTag>? tags) =>
        (tags ?? []).Select(t => new KeyValuePair<string, string>(t.Key, t.Value ?? ""));

    private static MlflowException NotFound(string? modelId) => MlflowException.NotFound($"Logged model with ID '{modelId}' not found.");
}
