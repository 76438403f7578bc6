namespace Lodestone.Projects;

/// <summary>
/// The answer for one project: <see cref="IsMember"/> false means the caller must not learn the project exists (404);
/// a member without <see cref="Required"/> is refused (403).
/// </summary>
public sealed record ProjectAccessResult(bool Allowed, ProjectRole? Role, ProjectRole Required)
{
    public bool IsMember => Role is not null;
}
