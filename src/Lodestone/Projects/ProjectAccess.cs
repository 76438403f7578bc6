using Microsoft.AspNetCore.Authorization;

namespace Lodestone.Projects;

/// <summary>
/// Guards every route under <c>/api/projects/{projectId}</c>: a non-member gets 404 (a project's existence is not
/// disclosed), a member whose role is too low gets 403. The rule itself is <see cref="ProjectRoleHandler"/>'s. The role
/// found is kept for the handler in <c>HttpContext.Items</c>.
/// </summary>
public static class ProjectAccess
{
    private const string RoleItem = "lodestone.project-role";

    public static RouteGroupBuilder MapProjectGroup(this IEndpointRouteBuilder app, string suffix, string tag) =>
        (RouteGroupBuilder)app.MapGroup("/api/projects/{projectId:guid}" + suffix).WithTags(tag)
            .RequireRateLimiting(Hosting.ApplicationServices.RateLimitPolicy)
            .AddEndpointFilter(CheckMembership);

    /// <summary>Marks an endpoint as needing at least this role; without it, Viewer suffices.</summary>
    public static TBuilder RequiresRole<TBuilder>(this TBuilder builder, ProjectRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredProjectRole(role));

    public static ProjectRole ProjectRoleOf(this HttpContext context) =>
        context.Items[RoleItem] is ProjectRole role ? role : throw new InvalidOperationException("No project membership was checked.");

    private static async ValueTask<object?> CheckMembership(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        if (!Guid.TryParse(http.Request.RouteValues["projectId"]?.ToString(), out var projectId))
            return TypedResults.NotFound();
        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequiredProjectRole>()?.Role ?? ProjectRole.Viewer;
        var access = await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeProjectAsync(http.User, projectId, required);
        if (!access.IsMember) return TypedResults.NotFound();
        if (!access.Allowed)
            return TypedResults.Problem($"This needs the {required} role in the project; you are {access.Role}.", statusCode: StatusCodes.Status403Forbidden);
        http.Items[RoleItem] = access.Role;
        return await next(invocation);
    }

    private sealed record RequiredProjectRole(ProjectRole Role);
}
