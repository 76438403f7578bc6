using Lodestone.Models;
using Lodestone.Projects;
using Lodestone.Trainers;
using Lodestone.Training;

namespace Lodestone.Mlflow;

/// <summary>
/// MLflow's <c>model-versions/*</c> over Lodestone's model versions. <c>create</c> registers an outside run's files on
/// request: <c>source</c> is <c>runs:/{run}/{path}</c>, the run's artifact URI with a path
/// (<c>mlflow-artifacts:/{experiment}/{run}/artifacts/{path}</c>), or a logged model (<c>models:/m-…</c> or
/// <c>model_id</c>); the files must be there. The version lives in the run's project (see <see cref="MlflowRegistryScope"/>).
/// </summary>
internal static class MlflowModelVersions
{
    public static async Task<IResult> Create([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<ModelVersionBody>();
        if (string.IsNullOrWhiteSpace(body.Name)) throw MlflowException.InvalidParameter("Missing value for required parameter 'name'.");
        var (run, path) = await SourceAsync(body, scope);
        var folder = scope.Files.ArtifactPath(run.ProjectId, run.Id, path);
        if (!Directory.Exists(folder) && !File.Exists(folder))
            throw MlflowException.InvalidParameter($"source: run {run.Id:N} has no artifacts at '{path}'; upload the model's files before registering them.");
        var model = await ModelOfRunAsync(body.Name, run, scope);
        var tags = (body.Tags ?? []).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value ?? "");
        TrainingTask? task = tags.TryGetValue(MlflowRegistryScope.TaskTag, out var named)
            ? Enum.TryParse<TrainingTask>(named, true, out var t) ? t : throw MlflowException.InvalidParameter($"tags.{MlflowRegistryScope.TaskTag}: '{named}' is not a task ({string.Join(", ", Enum.GetNames<TrainingTask>())}).")
            : null;
        var metrics = (await scope.Metrics.LatestAsync([run.Id], scope.Ct)).GetValueOrDefault(run.Id)?.ToDictionary(m => m.Key, m => m.Value.Value) ?? [];
        try
        {
            var version = await scope.Lifecycle.RegisterOutsideAsync(model, run, path, task, metrics, body.Description, tags, scope.Ct);
            return MlflowJson.Ok(new { model_version = await MlflowRegistryShapes.VersionAsync(scope, model, version) });
        }
        catch (RunAlreadyRegisteredException e)
        {
            throw MlflowException.AlreadyExists(e.Message);
        }
    }

    public static async Task<IResult> Get([AsParameters] MlflowRegistryScope scope)
    {
        var (model, _, version) = await scope.FindVersionAsync(scope.Request.Query["name"], scope.Request.Query["version"], ProjectRole.Viewer);
        return MlflowJson.Ok(new { model_version = await MlflowRegistryShapes.VersionAsync(scope, model, version) });
    }

    public static async Task<IResult> Update([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<ModelVersionBody>();
        var (model, _, version) = await scope.FindVersionAsync(body.Name, body.Version, ProjectRole.Editor);
        var changed = body.Description is null ? version : await scope.Lifecycle.DescribeAsync(version.Id, body.Description, scope.Ct) ?? version;
        return MlflowJson.Ok(new { model_version = await MlflowRegistryShapes.VersionAsync(scope, model, changed) });
    }

    public static async Task<IResult> Delete([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<ModelVersionBody>();
        var (model, _, version) = await scope.FindVersionAsync(body.Name, body.Version, ProjectRole.Editor);
        if (!await scope.Lifecycle.DeleteVersionAsync(model.Id, version.Number, scope.Ct))
            throw MlflowException.NotFound($"Model Version (name={model.Name}, version={version.Number}) not found");
        return MlflowJson.Empty();
    }

    public static async Task<IResult> SetTag([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<ModelVersionBody>();
        var (_, _, version) = await scope.FindVersionAsync(body.Name, body.Version, ProjectRole.Editor);
        if (string.IsNullOrWhiteSpace(body.Key)) throw MlflowException.InvalidParameter("Missing value for required parameter 'key'.");
        await scope.Lifecycle.SetTagAsync(version.Id, body.Key, body.Value ?? "", scope.Ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> DeleteTag([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<ModelVersionBody>();
        var (model, _, version) = await scope.FindVersionAsync(body.Name, body.Version, ProjectRole.Editor);
        if (!await scope.Lifecycle.DeleteTagAsync(version.Id, body.Key ?? "", scope.Ct))
            throw MlflowException.NotFound($"Model version tag with name={model.Name}, version={version.Number}, key={body.Key} not found");
        return MlflowJson.Empty();
    }

    public static async Task<IResult> GetDownloadUri([AsParameters] MlflowRegistryScope scope)
    {
        var (_, _, version) = await scope.FindVersionAsync(scope.Request.Query["name"], scope.Request.Query["version"], ProjectRole.Viewer);
        return MlflowJson.Ok(new { artifact_uri = MlflowRegistryShapes.DownloadUri(version) });
    }

    /// <summary>Filters on name, run_id (= or IN), source_path, version_number and tags.&lt;key&gt;, over the caller's projects.</summary>
    public static async Task<IResult> Search([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegistrySearchBody>();
        var models = (await scope.Lifecycle.ListAsync((await scope.MineAsync()).Select(p => p.Id).ToList(), scope.Ct)).ToDictionary(m => m.Id);
        IEnumerable<ModelVersion> found = await scope.Lifecycle.VersionsAsync(models.Keys.ToList(), scope.Ct);
        var clauses = string.IsNullOrWhiteSpace(body.Filter) ? [] : MlflowFilter.Parse(body.Filter);
        var tags = clauses.Any(c => c.Entity == "tag") ? await scope.Lifecycle.TagsAsync(found.Select(v => v.Id).ToList(), scope.Ct) : [];
        foreach (var clause in clauses)
            found = clause switch
            {
                { Entity: "attribute", Key: "name" } => found.Where(v => MlflowFilter.Compare(models[v.ModelId].Name, clause.Comparator, clause.Value)),
                { Entity: "attribute", Key: "run_id" } => found.Where(v => MlflowFilter.Compare(v.SourceRunId.ToString("N"), clause.Comparator, clause.Value)),
                { Entity: "attribute", Key: "source_path" } => found.Where(v => MlflowFilter.Compare(MlflowRegistryShapes.Source(v), clause.Comparator, clause.Value)),
                { Entity: "attribute", Key: "version_number" } => found.Where(v => MlflowFilter.Compare(v.Number, clause.Comparator, clause.Value)),
                { Entity: "tag" } => found.Where(v => MlflowFilter.Compare(tags.GetValueOrDefault(v.Id)?.FirstOrDefault(t => t.Key == clause.Key)?.Value, clause.Comparator, clause.Value)),
                _ => throw MlflowException.InvalidParameter($"Model versions are filtered by name, run_id, source_path, version_number and tags.<key>, not '{clause.Key}'."),
            };
        var ordered = MlflowRegistrySearch.Order(found, body.OrderBy ?? [], v => models[v.ModelId].Name, v => v.CreatedAt, v => v.CreatedAt, v => v.Number);
        var (page, next) = MlflowRegistrySearch.Page(ordered, body.PageToken, body.MaxResults, 10_000, 200_000);
        return MlflowJson.Ok(new { model_versions = await MlflowRegistryShapes.VersionsAsync(scope, models.Values.ToList(), page), next_page_token = next });
    }

    /// <summary>The run and the path (relative to its files) that <c>source</c>, <c>run_id</c> and <c>model_id</c> name.</summary>
    private static async Task<(TrainingRun Run, string Path)> SourceAsync(ModelVersionBody body, MlflowRegistryScope scope)
    {
        var source = body.Source?.Trim() ?? "";
        var loggedId = !string.IsNullOrWhiteSpace(body.ModelId) ? body.ModelId.Trim()
            : source.StartsWith("models:/m-", StringComparison.Ordinal) && !source["models:/".Length..].Contains('/') ? source["models:/".Length..] : null;
        string runId, path;
        if (loggedId is not null)
        {
            var logged = await MlflowLoggedModels.FindAsync(loggedId, scope, ProjectRole.Editor);
            (runId, path) = (logged.SourceRunId.ToString("N"), logged.ArtifactPath);
        }
        else if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            var rest = source["runs:/".Length..].TrimStart('/');
            var slash = rest.IndexOf('/');
            (runId, path) = slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
        }
        else if (source.StartsWith("mlflow-artifacts:/", StringComparison.Ordinal))
        {
            var parts = source["mlflow-artifacts:/".Length..].Trim('/').Split('/', 4);
            if (parts.Length < 3 || parts[2] != "artifacts") throw MlflowException.InvalidParameter($"source: '{source}' is not a run's artifact URI (mlflow-artifacts:/{{experiment}}/{{run}}/artifacts/…).");
            (runId, path) = (parts[1], parts.Length == 4 ? parts[3] : "");
        }
        else
            throw MlflowException.InvalidParameter(string.IsNullOrEmpty(source) ? "Missing value for required parameter 'source'."
                : $"source: '{source}' is not a run's files here: give runs:/{{run_id}}/{{path}}, the run's mlflow-artifacts:/ URI with a path, or models:/{{model_id}}.");
        if (!string.IsNullOrWhiteSpace(body.RunId) && !SameRun(body.RunId, runId))
            throw MlflowException.InvalidParameter($"run_id: '{body.RunId}' is not the run of the source '{source}'.");
        if (string.IsNullOrWhiteSpace(path)) throw MlflowException.InvalidParameter($"source: '{source}' names the run's whole folder; name the model's folder in it.");
        var run = await MlflowRuns.FindAsync(runId, scope.User, scope.Projects, scope.Authorization, scope.Training, ProjectRole.Editor, scope.Ct);
        return (run, path.Trim('/'));
    }

    private static bool SameRun(string a, string b) =>
        Guid.TryParse(a, out var x) && Guid.TryParse(b, out var y) ? x == y : a == b;

    /// <summary>The named model in the run's project, moving a versionless one there from another of the caller's projects.</summary>
    private static async Task<Model> ModelOfRunAsync(string name, TrainingRun run, MlflowRegistryScope scope)
    {
        // The run's project first: the same name in another of the caller's projects is no ambiguity here.
        if (await scope.Catalog.FindAsync(run.ProjectId, name[(name.LastIndexOf('/') + 1)..].Trim(), scope.Ct) is { } here) return here;
        var (model, project) = await scope.FindModelAsync(name, ProjectRole.Editor);
        if (model.ProjectId == run.ProjectId) return model;
        if ((await scope.Lifecycle.VersionsAsync([model.Id], scope.Ct)).Count > 0)
            throw MlflowException.InvalidParameter($"Registered model '{model.Name}' is in project '{project.Name}' and run {run.Id:N} in another; a model's versions come from runs of its project.");
        try
        {
            return await scope.Lifecycle.MoveAsync(model.Id, run.ProjectId, scope.Ct);
        }
        catch (ModelNameTakenException e)
        {
            throw MlflowException.AlreadyExists(e.Message);
        }
    }
}
