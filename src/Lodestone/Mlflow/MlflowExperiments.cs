using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Projects;

namespace Lodestone.Mlflow;

/// <summary>
/// MLflow experiments are Lodestone projects: an experiment's id is its project's id (32 hex digits) and its name the
/// project's name. A caller sees the projects they are a member of. Experiment <c>"0"</c> ("Default") is the caller's
/// own project named "Default", created on first use; <c>experiments/create</c> creates a project with the caller as
/// its admin. Which projects a caller sees is <see cref="ProjectService"/>'s answer, as for every other endpoint.
/// </summary>
internal static class MlflowExperiments
{
    public const string DefaultId = "0";
    public const string DefaultName = "Default";

    public static async Task<IResult> GetByName(HttpRequest request, ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        // Names are exact, as in MLflow ('casetest' is not 'CaseTest'), and trimmed as on create.
        var name = request.Query["experiment_name"].ToString().Trim();
        if (string.IsNullOrWhiteSpace(name)) throw MlflowException.InvalidParameter("Missing value for required parameter 'experiment_name'.");
        var project = name == DefaultName
            ? await DefaultProjectAsync(user, projects, ct)
            : (await projects.ListForUserAsync(user.UserId(), ct)).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
        if (project is null || !string.Equals(project.Name, name, StringComparison.Ordinal))
            throw MlflowException.NotFound($"Could not find experiment with name '{name}'");
        return MlflowJson.Ok(new { experiment = Of(project) });
    }

    public static async Task<IResult> Get(HttpRequest request, ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        var project = await ResolveAsync(request.Query["experiment_id"].ToString(), user, projects, ProjectRole.Viewer, ct);
        return MlflowJson.Ok(new { experiment = Of(project) });
    }

    public static async Task<IResult> Create(HttpRequest request, ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<CreateExperimentBody>(request);
        if (string.IsNullOrWhiteSpace(body.Name)) throw MlflowException.InvalidParameter("Missing value for required parameter 'name'.");
        if ((await projects.ListForUserAsync(user.UserId(), ct)).Any(p => p.Name == body.Name.Trim()))
            throw MlflowException.AlreadyExists($"Experiment '{body.Name}' already exists.");
        var project = await projects.CreateAsync(body.Name, "", user.UserId(), ct);
        return MlflowJson.Ok(new { experiment_id = project.Id.ToString("N") });
    }

    public static async Task<IResult> Search(HttpRequest request, ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<SearchExperimentsBody>(request);
        var all = await projects.ListForUserAsync(user.UserId(), ct);
        IEnumerable<ProjectSummary> found = all;
        // MLflow clients filter experiments by name: "name = 'x'" or "name LIKE 'x%'".
        if (!string.IsNullOrWhiteSpace(body.Filter))
        {
            var clauses = MlflowFilter.Parse(body.Filter);
            found = found.Where(p => clauses.All(c => c.Entity is "attribute" && c.Key == "name"
                ? MlflowFilter.Compare(p.Name, c.Comparator, c.Value)
                : throw MlflowException.InvalidParameter($"Experiments can be filtered by name only, not '{c.Key}'.")));
        }
        var offset = MlflowSearch.OffsetOf(body.PageToken);
        var max = (int)Math.Clamp(body.MaxResults ?? 1000, 1, 50_000);
        var page = Order(found, body.OrderBy ?? []).Skip(offset).Take(max + 1).ToList();
        return MlflowJson.Ok(new
        {
            experiments = page.Take(max).Select(Of).ToList(),
            next_page_token = page.Count > max ? MlflowSearch.TokenOf(offset + max) : null,
        });
    }

    /// <summary>MLflow's order_by of experiments (name, experiment_id, creation_time, last_update_time; ASC or DESC); by name without one.</summary>
    private static IEnumerable<ProjectSummary> Order(IEnumerable<ProjectSummary> experiments, IReadOnlyList<string> orderBy)
    {
        IOrderedEnumerable<ProjectSummary>? ordered = null;
        foreach (var term in orderBy)
        {
            var parts = term.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is 0 or > 2 || (parts.Length == 2 && parts[1].ToUpperInvariant() is not ("ASC" or "DESC")))
                throw MlflowException.InvalidParameter($"Invalid order_by clause '{term}'.");
            var descending = parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            Func<ProjectSummary, IComparable> key = parts[0].Replace("attributes.", "", StringComparison.OrdinalIgnoreCase).ToLowerInvariant() switch
            {
                "name" => p => p.Name,
                "experiment_id" => p => p.Id.ToString("N"),
                "creation_time" or "last_update_time" => p => p.CreatedAt,
                _ => throw MlflowException.InvalidParameter($"Invalid order_by key '{parts[0]}': experiments order by name, experiment_id, creation_time or last_update_time."),
            };
            ordered = ordered is null
                ? descending ? experiments.OrderByDescending(key) : experiments.OrderBy(key)
                : descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }
        return (ordered ?? experiments.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)).ThenBy(p => p.Id);
    }

    /// <summary>The project behind an experiment id ("0" is the caller's Default project), if the caller has the role there.</summary>
    public static async Task<ProjectSummary> ResolveAsync(string? experimentId, ClaimsPrincipal user, ProjectService projects, ProjectRole role,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(experimentId)) throw MlflowException.InvalidParameter("Missing value for required parameter 'experiment_id'.");
        ProjectSummary? project = experimentId == DefaultId
            ? await DefaultProjectAsync(user, projects, ct)
            : Guid.TryParse(experimentId, out var id) ? await projects.FindForUserAsync(user.UserId(), id, ct) : null;
        if (project is null) throw MlflowException.NotFound($"No experiment with id '{experimentId}'.");
        if (project.Role < role)
            throw new MlflowException("PERMISSION_DENIED", $"This needs the {role} role in '{project.Name}'.", StatusCodes.Status403Forbidden);
        return project;
    }

    private static async Task<ProjectSummary> DefaultProjectAsync(ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        var mine = await projects.ListForUserAsync(user.UserId(), ct);
        var existing = mine.FirstOrDefault(p => p.Name == DefaultName && p.Role == ProjectRole.Admin) ?? mine.FirstOrDefault(p => p.Name == DefaultName);
        if (existing is not null) return existing;
        var created = await projects.CreateAsync(DefaultName, "Runs logged by MLflow clients without an experiment.", user.UserId(), ct);
        return new ProjectSummary(created.Id, created.Name, created.Description, ProjectRole.Admin, created.CreatedAt);
    }

    public static MlflowExperiment Of(ProjectSummary project)
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(project.CreatedAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        return new MlflowExperiment(project.Id.ToString("N"), project.Name, $"mlflow-artifacts:/{project.Id:N}", "active", created, created,
            [new MlflowTag("mlflow.note.content", project.Description)]);
    }
}
