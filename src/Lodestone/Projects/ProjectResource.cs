namespace Lodestone.Projects;

/// <summary>The project an authorization check is about; the handler fills in the caller's role, null for a non-member.</summary>
public sealed class ProjectResource(Guid projectId)
{
    public Guid ProjectId { get; } = projectId;
    public ProjectRole? Role { get; internal set; }
}
