using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Lodestone.Projects;

/// <summary>Asks <see cref="ProjectRoleHandler"/> whether a caller may act in a project, and with which role.</summary>
public static class ProjectAuthorization
{
    public static async Task<ProjectAccessResult> AuthorizeProjectAsync(this IAuthorizationService authorization, ClaimsPrincipal user,
        Guid projectId, ProjectRole minimum = ProjectRole.Viewer)
    {
        var resource = new ProjectResource(projectId);
        var result = await authorization.AuthorizeAsync(user, resource, new ProjectRoleRequirement(minimum));
        return new ProjectAccessResult(result.Succeeded, resource.Role, minimum);
    }
}
