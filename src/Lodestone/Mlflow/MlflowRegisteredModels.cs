using Lodestone.Models;
using Lodestone.Projects;

namespace Lodestone.Mlflow;

/// <summary>
/// MLflow's <c>registered-models/*</c> over Lodestone's models; which project a name means is
/// <see cref="MlflowRegistryScope"/>'s rule. Tags are the model's tags, the description its description.
/// </summary>
internal static class MlflowRegisteredModels
{
    public static async Task<IResult> Create([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegisteredModelBody>();
        var name = CheckName(body.Name);
        var tags = body.Tags ?? [];
        var project = await scope.TargetProjectAsync(tags);
        var mine = await scope.MineAsync();
        if ((await scope.Lifecycle.NamedAsync(mine.Select(p => p.Id).ToList(), name, scope.Ct)).Count > 0)
            throw MlflowException.AlreadyExists($"Registered Model (name={name}) already exists.");
        var kept = tags.Where(t => t.Key != MlflowRegistryScope.ProjectTag).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value ?? "");
        try
        {
            var model = await scope.Catalog.CreateAsync(project.Id,
                new NewModel(name, null, scope.User.Identity?.Name, new ModelChange(body.Description, kept.Count > 0 ? kept : null), []), scope.Ct);
            return MlflowJson.Ok(new { registered_model = await MlflowRegistryShapes.RegisteredModelAsync(scope, model) });
        }
        catch (ModelNameTakenException)
        {
            throw MlflowException.AlreadyExists($"Registered Model (name={name}) already exists.");
        }
    }

    public static async Task<IResult> Get([AsParameters] MlflowRegistryScope scope)
    {
        var (model, _) = await scope.FindModelAsync(scope.Request.Query["name"], ProjectRole.Viewer);
        return MlflowJson.Ok(new { registered_model = await MlflowRegistryShapes.RegisteredModelAsync(scope, model) });
    }

    public static async Task<IResult> Update([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegisteredModelBody>();
        var (model, project) = await scope.FindModelAsync(body.Name, ProjectRole.Editor);
        var changed = await scope.Catalog.ChangeAsync(project.Id, model.Name, new ModelChange(Description: body.Description ?? ""), scope.Ct) ?? throw Gone(body.Name);
        return MlflowJson.Ok(new { registered_model = await MlflowRegistryShapes.RegisteredModelAsync(scope, changed) });
    }

    public static async Task<IResult> Rename([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegisteredModelBody>();
        var (model, _) = await scope.FindModelAsync(body.Name, ProjectRole.Editor);
        var newName = CheckName(body.NewName, "new_name");
        try
        {
            var renamed = await scope.Lifecycle.RenameAsync(model.Id, newName, scope.Ct) ?? throw Gone(body.Name);
            return MlflowJson.Ok(new { registered_model = await MlflowRegistryShapes.RegisteredModelAsync(scope, renamed) });
        }
        catch (ModelNameTakenException)
        {
            throw MlflowException.AlreadyExists($"Registered Model (name={newName}) already exists.");
        }
    }

    public static async Task<IResult> Delete([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegisteredModelBody>();
        var (model, _) = await scope.FindModelAsync(body.Name ?? scope.Request.Query["name"], ProjectRole.Editor);
        if (!await scope.Lifecycle.DeleteModelAsync(model.Id, scope.Ct)) throw Gone(body.Name);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> SetTag([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegisteredModelBody>();
        var (model, project) = await scope.FindModelAsync(body.Name, ProjectRole.Editor);
        if (string.IsNullOrWhiteSpace(body.Key)) throw MlflowException.InvalidParameter("Missing value for required parameter 'key'.");
        var tags = new Dictionary<string, string>(model.Tags) { [body.Key.Trim()] = body.Value ?? "" };
        await scope.Catalog.ChangeAsync(project.Id, model.Name, new ModelChange(Tags: tags), scope.Ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> DeleteTag([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegisteredModelBody>();
        var (model, project) = await scope.FindModelAsync(body.Name, ProjectRole.Editor);
        var tags = new Dictionary<string, string>(model.Tags);
        if (!tags.Remove(body.Key ?? "")) throw MlflowException.NotFound($"Registered model tag with name={model.Name}, key={body.Key} not found");
        await scope.Catalog.ChangeAsync(project.Id, model.Name, new ModelChange(Tags: tags), scope.Ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> SetAlias([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegisteredModelBody>();
        var (model, project, version) = await scope.FindVersionAsync(body.Name, body.Version, ProjectRole.Editor);
        if (string.IsNullOrWhiteSpace(body.Alias)) throw MlflowException.InvalidParameter("Missing value for required parameter 'alias'.");
        await scope.Catalog.SetAliasAsync(project.Id, model.Name, body.Alias, version.Number, scope.Ct);
        return MlflowJson.Empty();
    }

    /// <summary>Deleting an alias the model does not have changes nothing, as in MLflow.</summary>
    public static async Task<IResult> DeleteAlias([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegisteredModelBody>();
        var (model, project) = await scope.FindModelAsync(body.Name ?? scope.Request.Query["name"], ProjectRole.Editor);
        var alias = body.Alias ?? scope.Request.Query["alias"].ToString();
        if (string.IsNullOrWhiteSpace(alias)) throw MlflowException.InvalidParameter("Missing value for required parameter 'alias'.");
        await scope.Catalog.DeleteAliasAsync(project.Id, model.Name, alias, scope.Ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> GetByAlias([AsParameters] MlflowRegistryScope scope)
    {
        var (model, project) = await scope.FindModelAsync(scope.Request.Query["name"], ProjectRole.Viewer);
        var alias = scope.Request.Query["alias"].ToString();
        if (string.IsNullOrWhiteSpace(alias)) throw MlflowException.InvalidParameter("Missing value for required parameter 'alias'.");
        var version = await scope.Catalog.VersionByAliasAsync(project.Id, model.Name, alias, scope.Ct)
            ?? throw MlflowException.NotFound($"Registered model alias {alias} not found.");
        return MlflowJson.Ok(new { model_version = await MlflowRegistryShapes.VersionAsync(scope, model, version) });
    }

    /// <summary>The newest version per requested stage; every version here is in stage "None".</summary>
    public static async Task<IResult> GetLatestVersions([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegisteredModelBody>();
        var (model, _) = await scope.FindModelAsync(body.Name, ProjectRole.Viewer);
        var stages = body.Stages ?? [];
        var known = new[] { "none", "staging", "production", "archived" };
        if (stages.FirstOrDefault(s => !known.Contains(s.ToLowerInvariant())) is { } unknown)
            throw MlflowException.InvalidParameter($"Invalid Model Version stage: {unknown}. Value must be one of None, Staging, Production, Archived.");
        var newest = (await scope.Lifecycle.VersionsAsync([model.Id], scope.Ct)).MaxBy(v => v.Number);
        var wanted = newest is not null && (stages.Count == 0 || stages.Any(s => s.Equals("None", StringComparison.OrdinalIgnoreCase)));
        return MlflowJson.Ok(new { model_versions = wanted ? await MlflowRegistryShapes.VersionsAsync(scope, [model], [newest!]) : [] });
    }

    public static async Task<IResult> Search([AsParameters] MlflowRegistryScope scope)
    {
        var body = await scope.ReadAsync<RegistrySearchBody>();
        IEnumerable<Model> found = await scope.Lifecycle.ListAsync((await scope.MineAsync()).Select(p => p.Id).ToList(), scope.Ct);
        foreach (var clause in string.IsNullOrWhiteSpace(body.Filter) ? [] : MlflowFilter.Parse(body.Filter))
            found = clause switch
            {
                { Entity: "attribute", Key: "name" } => found.Where(m => MlflowFilter.Compare(m.Name, clause.Comparator, clause.Value)),
                { Entity: "tag" } => found.Where(m => MlflowFilter.Compare(m.Tags.GetValueOrDefault(clause.Key), clause.Comparator, clause.Value)),
                _ => throw MlflowException.InvalidParameter($"Registered models are filtered by name and tags.<key>, not '{clause.Key}'."),
            };
        var ordered = MlflowRegistrySearch.Order(found, body.OrderBy ?? [], m => m.Name, m => m.CreatedAt, m => m.UpdatedAt, null);
        var (page, next) = MlflowRegistrySearch.Page(ordered, body.PageToken, body.MaxResults, 100, 1000);
        return MlflowJson.Ok(new { registered_models = await MlflowRegistryShapes.RegisteredModelsAsync(scope, page), next_page_token = next });
    }

    private static string CheckName(string? name, string field = "name")
    {
        if (string.IsNullOrWhiteSpace(name)) throw MlflowException.InvalidParameter($"Missing value for required parameter '{field}'.");
        try
        {
            return Model.CheckName(name);
        }
        catch (InvalidInputException e)
        {
            throw MlflowException.InvalidParameter(e.Message.Replace("name:", $"{field}:", StringComparison.Ordinal));
        }
    }

    private static MlflowException Gone(string? name) => MlflowException.NotFound($"Registered Model with name={name} not found");
}
