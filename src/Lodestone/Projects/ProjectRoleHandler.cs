using Lodestone.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Lodestone.Projects;

/// <summary>
/// Decides <see cref="ProjectRoleRequirement"/> for every caller: the API's endpoint filter, the SignalR hub (on joining and
/// on every delivery), MLflow and the Blazor pages. A member has their role; a system administrator is an admin of every
/// project, so that a project left without one can be seen and repaired.
/// </summary>
public sealed class ProjectRoleHandler(MembershipCache memberships, IServiceProvider services)
    : AuthorizationHandler<ProjectRoleRequirement, ProjectResource>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ProjectRoleRequirement requirement, ProjectResource resource)
    {
        resource.Role ??= await RoleAsync(context, resource.ProjectId);
        if (resource.Role >= requirement.Minimum) context.Succeed(requirement);
    }

    private async Task<ProjectRole?> RoleAsync(AuthorizationHandlerContext context, Guid projectId)
    {
        if (context.User.Identity?.IsAuthenticated != true) return null;
        var userId = context.User.UserId();
        var administrator = context.User.IsInRole(AuthenticationSchemes.AdministratorRole);
        // The cache first: resolving the project service builds a database context, which a cached role does not need.
        if (memberships.Find(userId, projectId) is { } cached) return administrator ? ProjectRole.Admin : cached;
        var projects = services.GetRequiredService<ProjectService>();
        if (administrator) return await projects.ExistsAsync(projectId) ? ProjectRole.Admin : null;
        return await projects.RoleOfAsync(userId, projectId);
    }
}
