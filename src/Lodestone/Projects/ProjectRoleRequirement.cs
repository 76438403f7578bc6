using Microsoft.AspNetCore.Authorization;

namespace Lodestone.Projects;

/// <summary>The one project rule: the caller holds at least <see cref="Minimum"/> in the project (see <see cref="ProjectRoleHandler"/>).</summary>
public sealed record ProjectRoleRequirement(ProjectRole Minimum) : IAuthorizationRequirement;
