using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Projects;
using Microsoft.AspNetCore.Authorization;

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
        var name = request.Query["experiment_name"].ToString();
        if (string.IsNullOrWhiteSpace(name)) throw MlflowException.InvalidParameter("Missing value for required parameter 'experiment_name'.");
        var project = name == DefaultName
            ? await ExistingDefaultAsync(user, projects, ct)
            : (await projects.ListForUserAsync(user.UserId(), ct)).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (project is null || !string.Equals(project.Name, name, StringComparison.OrdinalIgnoreCase))
            throw MlflowException.NotFound($"Could not find experiment with name '{name}'");
        return MlflowJson.Ok(new { experiment = Of(project) });
    }

    public static async Task<IResult> Get(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, CancellationToken ct)
    {
        var project = await ResolveAsync(request.Query["experiment_id"].ToString(), user, projects, authorization, ProjectRole.Viewer, ct);
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
        var page = found.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Skip(offset).Take(max + 1).ToList();
        return MlflowJson.Ok(new
        {
            experiments = page.Take(max).Select(Of).ToList(),
            next_page_token = page.Count > max ? MlflowSearch.TokenOf(offset + max) : null,
        });
    }

    /// <summary>The project behind an experiment id ("0" is the caller's Default project), if the caller has the role there.</summary>
    public static async Task<ProjectSummary> ResolveAsync(string? experimentId, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ProjectRole role,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(experimentId)) throw MlflowException.InvalidParameter("Missing value for required parameter 'experiment_id'.");
        if (experimentId == DefaultId)
        {
            // Only a write (runs/create) makes the Default project; reading experiment 0 never creates anything.
            var own = role >= ProjectRole.Editor ? await DefaultProjectAsync(user, projects, ct) : await ExistingDefaultAsync(user, projects, ct);
            if (own is not null) return own;
        }
        else if (Guid.TryParse(experimentId, out var id))
        {
            var access = await authorization.AuthorizeProjectAsync(user, id, role);
            if (access.IsMember && !access.Allowed)
                throw new MlflowException("PERMISSION_DENIED", $"This needs the {role} role in the experiment.", StatusCodes.Status403Forbidden);
            if (access.Allowed && await projects.FindAsync(id, ct) is { } found)
                return new ProjectSummary(found.Id, found.Name, found.Description, access.Role!.Value, found.CreatedAt);
        }
        throw MlflowException.NotFound($"No experiment with id '{experimentId}'.");
    }

    private static async Task<ProjectSummary?> ExistingDefaultAsync(ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        var mine = await projects.ListForUserAsync(user.UserId(), ct);
        return mine.FirstOrDefault(p => p.Name == DefaultName && p.Role == ProjectRole.Admin) ?? mine.FirstOrDefault(p => p.Name == DefaultName);
    }

    private static async Task<ProjectSummary> DefaultProjectAsync(ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        if (await ExistingDefaultAsync(user, projects, ct) is { } existing) return existing;
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
