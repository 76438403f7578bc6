using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Models;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.AspNetCore.Authorization;

namespace Lodestone.Mlflow;

/// <summary>
/// One MLflow registry request: the caller, the services it needs, and the rule that maps MLflow's global model
/// names onto Lodestone's projects. MLflow has no projects; here a registered model lives in one project, and
/// <list type="bullet">
/// <item>a name is looked up in every project the caller is a member of; <c>project/model</c> (a project's name or
/// id, a '/', the model's name) names one project's model when two of the caller's projects use the name;</item>
/// <item><c>registered-models/create</c> makes the model in the project its <c>lodestone.project</c> tag names (id or
/// name), else in the only project the caller may edit, else in the caller's Default project (experiment 0), and refuses a name
/// any of the caller's projects already has (RESOURCE_ALREADY_EXISTS), as MLflow's one namespace would;</item>
/// <item><c>model-versions/create</c> registers the run's files in the run's project: a model created there before,
/// without versions, in another project (the client's create comes before it names the run) moves to the run's
/// project with its first version.</item>
/// </list>
/// Callers who are not members of a model's project never see it (RESOURCE_DOES_NOT_EXIST); reading needs the Viewer
/// role, changing it the Editor role.
/// </summary>
internal sealed class MlflowRegistryScope(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization,
    ModelCatalog catalog, ModelLifecycle lifecycle, ModelRegistry registry, LoggedModelStore loggedModels, TrainingService training, MetricStore metrics,
    RunFiles files, CancellationToken ct)
{
    public const string ProjectTag = "lodestone.project";
    public const string TaskTag = "lodestone.task";

    public HttpRequest Request => request;
    public ClaimsPrincipal User => user;
    public ProjectService Projects => projects;
    public IAuthorizationService Authorization => authorization;
    public ModelCatalog Catalog => catalog;
    public ModelLifecycle Lifecycle => lifecycle;
    public ModelRegistry Registry => registry;
    public LoggedModelStore LoggedModels => loggedModels;
    public TrainingService Training => training;
    public MetricStore Metrics => metrics;
    public RunFiles Files => files;
    public CancellationToken Ct => ct;

    private List<ProjectSummary>? _projects;

    public Task<T> ReadAsync<T>() where T : class => MlflowJson.ReadAsync<T>(request);

    /// <summary>The caller's active projects.</summary>
    public async Task<List<ProjectSummary>> MineAsync() => _projects ??= await projects.ListForUserAsync(user.UserId(), ct);

    /// <summary>The model a (possibly <c>project/</c>-qualified) name means to the caller, with its project.</summary>
    public async Task<(Model Model, ProjectSummary Project)> FindModelAsync(string? name, ProjectRole role)
    {
        if (string.IsNullOrWhiteSpace(name)) throw MlflowException.InvalidParameter("Missing value for required parameter 'name'.");
        var mine = await MineAsync();
        var (scope, modelName) = Split(name, mine);
        var found = await lifecycle.NamedAsync(scope.Select(p => p.Id).ToList(), modelName, ct);
        if (found.Count == 0) throw MlflowException.NotFound($"Registered Model with name={name} not found");
        if (found.Count > 1)
            throw MlflowException.InvalidParameter($"'{modelName}' is a model of {found.Count} of your projects ({string.Join(", ", found.Select(m => ProjectOf(m, mine).Name))}); "
                + $"name one as '{ProjectOf(found[0], mine).Name}/{modelName}'.");
        var project = ProjectOf(found[0], mine);
        if (project.Role < role)
            throw new MlflowException("PERMISSION_DENIED", $"This needs the {role} role in '{project.Name}'.", StatusCodes.Status403Forbidden);
        return (found[0], project);
    }

    /// <summary>The version <paramref name="version"/> (MLflow sends it as a string) of the named model.</summary>
    public async Task<(Model Model, ProjectSummary Project, ModelVersion Version)> FindVersionAsync(string? name, string? version, ProjectRole role)
    {
        var (model, project) = await FindModelAsync(name, role);
        var number = NumberOf(version);
        var found = await lifecycle.VersionAsync(model.Id, number, ct)
            ?? throw MlflowException.NotFound($"Model Version (name={model.Name}, version={number}) not found");
        return (model, project, found);
    }

    public static int NumberOf(string? version) =>
        string.IsNullOrWhiteSpace(version) ? throw MlflowException.InvalidParameter("Missing value for required parameter 'version'.")
            : int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n
            : throw MlflowException.InvalidParameter($"Parameter 'version' must be a positive whole number, not '{version}'.");

    /// <summary>Where <c>registered-models/create</c> puts a model (see the rule above); the caller needs the Editor role there.</summary>
    public async Task<ProjectSummary> TargetProjectAsync(IEnumerable<MlflowTag> tags)
    {
        var mine = await MineAsync();
        ProjectSummary? target;
        if (tags.LastOrDefault(t => t.Key == ProjectTag) is { } tag)
        {
            target = mine.FirstOrDefault(p => p.Id.ToString("N") == tag.Value || (Guid.TryParse(tag.Value, out var id) && p.Id == id))
                ?? mine.FirstOrDefault(p => p.Name == tag.Value?.Trim())
                ?? throw MlflowException.NotFound($"No project '{tag.Value}' (tag {ProjectTag}) among yours.");
        }
        else if (mine.Where(p => p.Role >= ProjectRole.Editor).ToList() is [var only]) target = only;
        else target = await MlflowExperiments.ResolveActiveAsync(MlflowExperiments.DefaultId, user, projects, authorization, ProjectRole.Editor, ct);
        if (target.Role < ProjectRole.Editor)
            throw new MlflowException("PERMISSION_DENIED", $"Creating a model needs the Editor role in '{target.Name}'.", StatusCodes.Status403Forbidden);
        return target;
    }

    public ProjectSummary ProjectOf(Model model, IReadOnlyList<ProjectSummary> mine) => mine.First(p => p.Id == model.ProjectId);

    private static (IReadOnlyList<ProjectSummary> Scope, string Model) Split(string name, IReadOnlyList<ProjectSummary> mine)
    {
        // Model names never hold '/', so whatever comes before the last one names the project.
        var slash = name.LastIndexOf('/');
        if (slash <= 0) return (mine, name.Trim());
        var project = name[..slash].Trim();
        var scope = mine.Where(p => p.Name == project || p.Id.ToString("N") == project || p.Id.ToString() == project).ToList();
        return (scope, name[(slash + 1)..].Trim());
    }
}
