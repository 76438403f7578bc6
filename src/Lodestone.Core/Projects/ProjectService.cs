using Lodestone.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Projects;

/// <summary>
/// Projects and their members. Every query is scoped to the projects the caller belongs to. With a
/// <see cref="MembershipCache"/> (the server has one), roles are remembered briefly and evicted on every member change.
/// </summary>
public sealed class ProjectService(LodestoneDb db, MembershipCache? memberships = null)
{
    /// <summary>The user's projects, without the deleted ones.</summary>
    public Task<List<ProjectSummary>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Summaries(db.ProjectMembers.Where(m => m.UserId == userId), withDeleted: false).ToListAsync(cancellationToken);

    /// <summary>The user's projects, deleted ones too (MLflow lists and names deleted experiments).</summary>
    public Task<List<ProjectSummary>> ListWithDeletedForUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Summaries(db.ProjectMembers.Where(m => m.UserId == userId), withDeleted: true).ToListAsync(cancellationToken);

    /// <summary>
    /// The project as the user sees it, with their role, deleted or not; null when they are not a member (or it does
    /// not exist).
    /// </summary>
    public Task<ProjectSummary?> FindForUserAsync(Guid userId, Guid projectId, CancellationToken cancellationToken = default) =>
        Summaries(db.ProjectMembers.Where(m => m.UserId == userId && m.ProjectId == projectId), withDeleted: true)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The projects of these memberships, by name; filters go on the memberships, before the projection.</summary>
    private IQueryable<ProjectSummary> Summaries(IQueryable<ProjectMember> members, bool withDeleted) =>
        members
            .Join(db.Projects.Where(p => withDeleted || p.DeletedAt == null), m => m.ProjectId, p => p.Id,
                (m, p) => new { Member = m, Project = p })
            .OrderBy(x => x.Project.Name)
            .Select(x => new ProjectSummary(x.Project.Id, x.Project.Name, x.Project.Description, x.Member.Role, x.Project.CreatedAt, x.Project.DeletedAt));

    public async Task<Project> CreateAsync(string name, string description, Guid ownerId, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200) throw new InvalidInputException("A project name has 1 to 200 characters.");
        var project = new Project(name, description.Trim());
        project.AddMember(ownerId, ProjectRole.Admin);
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        return project;
    }

    /// <summary>
    /// The user's role in the project, or null when they are not a member (or the project does not exist, or is
    /// deleted: its pages, API and live updates are closed until it is restored).
    /// </summary>
    public async Task<ProjectRole?> RoleOfAsync(Guid userId, Guid projectId, CancellationToken cancellationToken = default)
    {
        if (memberships?.Find(userId, projectId) is { } cached) return cached;
        var generation = memberships?.Generation ?? 0;
        var role = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId && m.UserId == userId)
            .Join(db.Projects.Where(p => p.DeletedAt == null), m => m.ProjectId, p => p.Id, (m, _) => (ProjectRole?)m.Role)
            .FirstOrDefaultAsync(cancellationToken);
        if (role is { } found) memberships?.Store(userId, projectId, found, generation);
        return role;
    }

    public Task<bool> ExistsAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken);

    /// <summary>Every project, for system administrators (who may see and repair any of them), with the role Admin.</summary>
    public Task<List<ProjectSummary>> ListAllAsync(CancellationToken cancellationToken = default) =>
        db.Projects.OrderBy(p => p.Name)
            .Select(p => new ProjectSummary(p.Id, p.Name, p.Description, ProjectRole.Admin, p.CreatedAt)).ToListAsync(cancellationToken);

    public Task<Project?> FindAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        db.Projects.Include(p => p.Members).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken);

    /// <summary>Finds a project by id or by name among the user's projects (for the CLI's <c>--project</c>).</summary>
    public async Task<ProjectSummary?> ResolveAsync(Guid userId, string idOrName, CancellationToken cancellationToken = default)
    {
        var projects = await ListForUserAsync(userId, cancellationToken);
        return Guid.TryParse(idOrName, out var id)
            ? projects.FirstOrDefault(p => p.Id == id)
            : projects.FirstOrDefault(p => string.Equals(p.Name, idOrName, StringComparison.OrdinalIgnoreCase));
    }

    public async Task<ProjectMember> SetMemberAsync(Guid projectId, Guid userId, ProjectRole role, CancellationToken cancellationToken = default)
    {
        var project = await FindAsync(projectId, cancellationToken)
            ?? throw new InvalidOperationException("No such project.");
        var member = project.AddMember(userId, role);
        await db.SaveChangesAsync(cancellationToken);
        memberships?.Evict(userId, projectId);
        return member;
    }

    public async Task<bool> RemoveMemberAsync(Guid projectId, Guid userId, CancellationToken cancellationToken = default)
    {
        var member = await db.ProjectMembers.FirstOrDefaultAsync(m => m.ProjectId == projectId && m.UserId == userId, cancellationToken);
        if (member is null) return false;
        var admins = await db.ProjectMembers.CountAsync(m => m.ProjectId == projectId && m.Role == ProjectRole.Admin, cancellationToken);
        if (member.Role == ProjectRole.Admin && admins == 1)
            throw new InvalidInputException("A project keeps at least one admin.");
        db.ProjectMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        memberships?.Evict(userId, projectId);
        return true;
    }
}

public sealed record ProjectSummary(Guid Id, string Name, string Description, ProjectRole Role, DateTime CreatedAt, DateTime? DeletedAt = null);
