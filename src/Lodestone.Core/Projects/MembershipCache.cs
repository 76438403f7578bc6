using Lodestone.Data;

namespace Lodestone.Projects;

/// <summary>
/// Members' roles, by (user, project), for <see cref="Lifetime"/>: every request under a project checks the caller's
/// role, and a metric per request should not pay a query for it. Only memberships are kept, never their absence, so a
/// new member is let in at once. Changing or removing a member evicts the entry at once in this process; another
/// process sees the change within <see cref="Lifetime"/>.
/// </summary>
public sealed class MembershipCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private readonly ShortLivedCache<(Guid UserId, Guid ProjectId), ProjectRole> _roles = new(clock, Lifetime);

    internal long Generation => _roles.Generation;

    /// <summary>The remembered role, or null when it is not in the cache (which says nothing about membership).</summary>
    public ProjectRole? Find(Guid userId, Guid projectId) => _roles.TryGet((userId, projectId), out var role) ? role : null;

    internal void Store(Guid userId, Guid projectId, ProjectRole role, long generation) => _roles.Store((userId, projectId), role, generation);

    public void Evict(Guid userId, Guid projectId) => _roles.Evict((key, _) => key == (userId, projectId));

    /// <summary>Forgets every member's role in the project (it was deleted or restored).</summary>
    public void EvictProject(Guid projectId) => _roles.Evict((key, _) => key.ProjectId == projectId);
}
