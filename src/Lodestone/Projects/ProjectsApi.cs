using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Data;
using Lodestone.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Projects;

public static class ProjectsApi
{
    public static void MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Projects").RequireRateLimiting(ApplicationServices.RateLimitPolicy);
        projects.MapGet("/", List).WithSummary("The projects you are a member of; every project with ?all=true (system administrators)");
        projects.MapPost("/", Create).WithSummary("Create a project; you become its admin");

        var project = app.MapProjectGroup("", "Projects");
        project.MapGet("/", Get).WithSummary("A project and its members");
        project.MapPut("/members/{userName}", SetMember).RequiresRole(ProjectRole.Admin).WithSummary("Add a member or change their role");
        project.MapDelete("/members/{userId:guid}", RemoveMember).RequiresRole(ProjectRole.Admin).WithSummary("Remove a member");
    }

    public sealed record CreateProjectRequest(string Name, string? Description);
    public sealed record MemberResponse(Guid UserId, string UserName, string DisplayName, ProjectRole Role);
    public sealed record ProjectResponse(Guid Id, string Name, string Description, ProjectRole Role, DateTime CreatedAt, IReadOnlyList<MemberResponse> Members);
    public sealed record SetMemberRequest(ProjectRole Role);

    private static async Task<Results<Ok<List<ProjectSummary>>, ForbidHttpResult>> List(ClaimsPrincipal user, ProjectService service, CancellationToken ct,
        bool all = false)
    {
        if (!all) return TypedResults.Ok(await service.ListForUserAsync(user.UserId(), ct));
        return user.IsInRole(AuthenticationSchemes.AdministratorRole) ? TypedResults.Ok(await service.ListAllAsync(ct)) : TypedResults.Forbid();
    }

    private static async Task<Created<ProjectSummary>> Create(CreateProjectRequest request, ClaimsPrincipal user, ProjectService service, CancellationToken ct)
    {
        var project = await service.CreateAsync(request.Name ?? "", request.Description ?? "", user.UserId(), ct);
        return TypedResults.Created($"/api/projects/{project.Id}",
            new ProjectSummary(project.Id, project.Name, project.Description, ProjectRole.Admin, project.CreatedAt));
    }

    private static async Task<Ok<ProjectResponse>> Get(Guid projectId, HttpContext http, LodestoneDb db, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == projectId, ct);
        var members = await db.ProjectMembers.Where(m => m.ProjectId == projectId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberResponse(u.Id, u.UserName, u.DisplayName, m.Role))
            .ToListAsync(ct);
        return TypedResults.Ok(new ProjectResponse(project.Id, project.Name, project.Description, http.ProjectRoleOf(), project.CreatedAt, members));
    }

    private static async Task<Results<Ok<MemberResponse>, NotFound<string>>> SetMember(
        Guid projectId, string userName, SetMemberRequest request, LodestoneDb db, ProjectService service, CancellationToken ct)
    {
        var name = userName.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, ct);
        if (user is null) return TypedResults.NotFound($"No user '{userName}'.");
        if (!Enum.IsDefined(request.Role)) throw new InvalidInputException("The role is Viewer, Editor or Admin.");
        await service.SetMemberAsync(projectId, user.Id, request.Role, ct);
        return TypedResults.Ok(new MemberResponse(user.Id, user.UserName, user.DisplayName, request.Role));
    }

    private static async Task<Results<NoContent, NotFound>> RemoveMember(Guid projectId, Guid userId, ProjectService service, CancellationToken ct) =>
        await service.RemoveMemberAsync(projectId, userId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
