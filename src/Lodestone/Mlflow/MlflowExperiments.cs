using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Projects;
using Microsoft.AspNetCore.Authorization;
using Lodestone.Training;

namespace Lodestone.Mlflow;

/// <summary>
/// MLflow experiments are Lodestone projects: an experiment's id is its project's id (32 hex digits) and its name the
/// project's name. A caller sees the projects they are a member of. Experiment <c>"0"</c> ("Default") is the caller's
/// own project named "Default", created on first use; <c>experiments/create</c> creates a project with the caller as
/// its admin. Which projects a caller sees is <see cref="ProjectService"/>'s answer, as for every other endpoint.
/// A deleted experiment is a deleted project: get and get-by-name still answer it (lifecycle_stage "deleted"), search
/// hides it unless view_type asks, its name stays taken, and nothing is logged into it until it is restored.
/// </summary>
internal static class MlflowExperiments
{
    public const string DefaultId = "0";
    public const string DefaultName = "Default";

    public static async Task<IResult> GetByName(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ExperimentStore experiments,
        CancellationToken ct)
    {
        // Names are exact, as in MLflow ('casetest' is not 'CaseTest'), and trimmed as on create.
        var name = request.Query["experiment_name"].ToString().Trim();
        if (string.IsNullOrWhiteSpace(name)) throw MlflowException.InvalidParameter("Missing value for required parameter 'experiment_name'.");
        var project = name == DefaultName
            ? await ExistingDefaultAsync(user, projects, ct)
            : (await projects.ListWithDeletedForUserAsync(user.UserId(), ct)).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
        if (project is null || !string.Equals(project.Name, name, StringComparison.Ordinal))
            throw MlflowException.NotFound($"Could not find experiment with name '{name}'");
        return MlflowJson.Ok(new { experiment = Of(project, (await experiments.TagsAsync([project.Id], ct)).GetValueOrDefault(project.Id)) });
    }

    public static async Task<IResult> Get(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ExperimentStore experiments,
        CancellationToken ct)
    {
        var project = await ResolveAsync(request.Query["experiment_id"].ToString(), user, projects, authorization, ProjectRole.Viewer, ct);
        return MlflowJson.Ok(new { experiment = Of(project, (await experiments.TagsAsync([project.Id], ct)).GetValueOrDefault(project.Id)) });
    }

    /// <summary>experiments/update: renames the experiment (its project); needs the Admin role, as renaming a project does.</summary>
    public static async Task<IResult> Update(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ExperimentStore experiments,
        CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<UpdateExperimentBody>(request);
        var project = await ResolveActiveAsync(body.ExperimentId, user, projects, authorization, ProjectRole.Admin, ct, "Cannot rename a non-active experiment.");
        if (string.IsNullOrWhiteSpace(body.NewName)) throw MlflowException.InvalidParameter("Missing value for required parameter 'new_name'.");
        await experiments.RenameAsync(project.Id, user.UserId(), body.NewName, projects, ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> SetTag(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ExperimentStore experiments,
        CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<ExperimentTagBody>(request);
        var project = await ResolveActiveAsync(body.ExperimentId, user, projects, authorization, ProjectRole.Editor, ct);
        await experiments.SetTagAsync(project.Id, body.Key ?? "", body.Value ?? "", ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> DeleteTag(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ExperimentStore experiments,
        CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<ExperimentTagBody>(request);
        var project = await ResolveActiveAsync(body.ExperimentId, user, projects, authorization, ProjectRole.Editor, ct);
        if (!await experiments.DeleteTagAsync(project.Id, body.Key ?? "", ct))
            throw MlflowException.NotFound($"No tag '{body.Key}' on experiment '{body.ExperimentId}'.");
        return MlflowJson.Empty();
    }

    /// <summary>
    /// experiments/delete: marks the experiment and its runs deleted (restorable); needs the Admin role, as deleting
    /// the project would. An experiment already deleted is not found, as in MLflow.
    /// </summary>
    public static async Task<IResult> Delete(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ExperimentStore experiments,
        CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<ExperimentIdBody>(request);
        var project = await ResolveAsync(body.ExperimentId, user, projects, authorization, ProjectRole.Admin, ct);
        if (project.DeletedAt is not null || !await experiments.DeleteAsync(project.Id, ct))
            throw MlflowException.NotFound($"No active experiment with id '{body.ExperimentId}'.");
        return MlflowJson.Empty();
    }

    /// <summary>experiments/restore: brings back a deleted experiment and the runs deleted with it; Admin role.</summary>
    public static async Task<IResult> Restore(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ExperimentStore experiments,
        CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<ExperimentIdBody>(request);
        var project = await ResolveAsync(body.ExperimentId, user, projects, authorization, ProjectRole.Admin, ct);
        if (project.DeletedAt is null || !await experiments.RestoreAsync(project.Id, ct))
            throw MlflowException.NotFound($"No deleted experiment with id '{body.ExperimentId}'.");
        return MlflowJson.Empty();
    }

    public static async Task<IResult> Create(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ExperimentStore experiments,
        CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<CreateExperimentBody>(request);
        if (string.IsNullOrWhiteSpace(body.Name)) throw MlflowException.InvalidParameter("Missing value for required parameter 'name'.");
        // A deleted experiment keeps its name, as in MLflow: restore it, or rename it first.
        if ((await projects.ListWithDeletedForUserAsync(user.UserId(), ct)).FirstOrDefault(p => p.Name == body.Name.Trim()) is { } taken)
            throw MlflowException.AlreadyExists(taken.DeletedAt is null
                ? $"Experiment '{body.Name}' already exists."
                : $"Experiment '{body.Name}' already exists in deleted state; restore it or give another name.");
        // Checked before the project exists, so that a bad tag leaves nothing half-created.
        foreach (var tag in body.Tags ?? []) ExperimentStore.Check(tag.Key, tag.Value ?? "");
        var project = await projects.CreateAsync(body.Name, "", user.UserId(), ct);
        foreach (var tag in body.Tags ?? []) await experiments.SetTagAsync(project.Id, tag.Key, tag.Value ?? "", ct);
        return MlflowJson.Ok(new { experiment_id = project.Id.ToString("N") });
    }

    public static async Task<IResult> Search(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ExperimentStore experiments,
        CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<SearchExperimentsBody>(request);
        var all = await projects.ListWithDeletedForUserAsync(user.UserId(), ct);
        IEnumerable<ProjectSummary> found = (body.ViewType ?? "ACTIVE_ONLY").ToUpperInvariant() switch
        {
            "ACTIVE_ONLY" => all.Where(p => p.DeletedAt is null),
            "DELETED_ONLY" => all.Where(p => p.DeletedAt is not null),
            "ALL" => all,
            _ => throw MlflowException.InvalidParameter($"Invalid view_type '{body.ViewType}': ACTIVE_ONLY, DELETED_ONLY or ALL."),
        };
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
        var tags = await experiments.TagsAsync(page.Select(p => p.Id).ToList(), ct);
        return MlflowJson.Ok(new
        {
            experiments = page.Take(max).Select(p => Of(p, tags.GetValueOrDefault(p.Id))).ToList(),
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

    /// <summary>As <see cref="ResolveAsync"/>, for a change: a deleted experiment takes none (INVALID_STATE).</summary>
    public static async Task<ProjectSummary> ResolveActiveAsync(string? experimentId, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ProjectRole role,
        CancellationToken ct, string? refusal = null)
    {
        var project = await ResolveAsync(experimentId, user, projects, authorization, role, ct);
        if (project.DeletedAt is not null)
            throw new MlflowException("INVALID_STATE",
                refusal ?? $"The experiment '{experimentId}' must be in the 'active' state; it is deleted.");
        return project;
    }

    /// <summary>
    /// The project behind an experiment id ("0" is the caller's Default project), deleted or not, if the caller has
    /// the role there.
    /// </summary>
    public static async Task<ProjectSummary> ResolveAsync(string? experimentId, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, ProjectRole role,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(experimentId)) throw MlflowException.InvalidParameter("Missing value for required parameter 'experiment_id'.");
        ProjectSummary? project = null;
        if (experimentId == DefaultId)
            // Only a write (runs/create) makes the Default project; reading experiment 0 never creates anything.
            project = role >= ProjectRole.Editor ? await DefaultProjectAsync(user, projects, ct) : await ExistingDefaultAsync(user, projects, ct);
        else if (Guid.TryParse(experimentId, out var id))
        {
            var access = await authorization.AuthorizeProjectAsync(user, id, role);
            if (access.IsMember && await projects.FindAsync(id, ct) is { } found)
                project = new ProjectSummary(found.Id, found.Name, found.Description, access.Role!.Value, found.CreatedAt, found.DeletedAt);
            else
                // A deleted project lets no one in natively; MLflow still answers it (deleted) to its members.
                project = await projects.FindForUserAsync(user.UserId(), id, ct) is { DeletedAt: not null } deleted ? deleted : null;
        }
        if (project is null) throw MlflowException.NotFound($"No experiment with id '{experimentId}'.");
        if (project.Role < role)
            throw new MlflowException("PERMISSION_DENIED", $"This needs the {role} role in '{project.Name}'.", StatusCodes.Status403Forbidden);
        return project;
    }

    private static async Task<ProjectSummary?> ExistingDefaultAsync(ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        // A deleted Default is still the caller's Default, as experiment 0 deleted stays deleted in MLflow.
        var mine = await projects.ListWithDeletedForUserAsync(user.UserId(), ct);
        return mine.FirstOrDefault(p => p.Name == DefaultName && p.Role == ProjectRole.Admin) ?? mine.FirstOrDefault(p => p.Name == DefaultName);
    }

    private static async Task<ProjectSummary> DefaultProjectAsync(ClaimsPrincipal user, ProjectService projects, CancellationToken ct)
    {
        if (await ExistingDefaultAsync(user, projects, ct) is { } existing) return existing;
        var created = await projects.CreateAsync(DefaultName, "Runs logged by MLflow clients without an experiment.", user.UserId(), ct);
        return new ProjectSummary(created.Id, created.Name, created.Description, ProjectRole.Admin, created.CreatedAt);
    }

    public static MlflowExperiment Of(ProjectSummary project, IReadOnlyList<ExperimentTag>? tags = null)
    {
        var created = Milliseconds(project.CreatedAt);
        return new MlflowExperiment(project.Id.ToString("N"), project.Name, $"mlflow-artifacts:/{project.Id:N}",
            project.DeletedAt is null ? "active" : "deleted", created, project.DeletedAt is { } deleted ? Milliseconds(deleted) : created,
            [new MlflowTag("mlflow.note.content", project.Description), .. (tags ?? []).Select(t => new MlflowTag(t.Key, t.Value))]);
    }

    private static long Milliseconds(DateTime at) => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
