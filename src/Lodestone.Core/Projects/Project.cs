namespace Lodestone.Projects;

/// <summary>A workspace. Everything else belongs to exactly one project, and only its members see it.</summary>
public sealed class Project
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Name { get; set; }
    public string Description { get; set; }
    public DateTime CreatedAt { get; private set; } = DateTime.UtcNow;

    /// <summary>
    /// When the project was deleted as an MLflow experiment (<c>experiments/delete</c>), which MLflow keeps restorable:
    /// a deleted project leaves the project lists and lets no member in natively, and its runs are deleted with it
    /// (<see cref="Training.ExperimentStore"/>).
    /// </summary>
    public DateTime? DeletedAt { get; private set; }
    public List<ProjectMember> Members { get; private set; } = [];

    public Project(string name, string description = "")
    {
        Name = name;
        Description = description;
    }

    /// <summary>Adds a member or changes their role; demoting the last admin is refused, as removing them is.</summary>
    public ProjectMember AddMember(Guid userId, ProjectRole role)
    {
        var existing = Members.FirstOrDefault(m => m.UserId == userId);
        if (existing is not null)
        {
            if (existing.Role == ProjectRole.Admin && role != ProjectRole.Admin && Members.Count(m => m.Role == ProjectRole.Admin) == 1)
                throw new InvalidInputException("A project keeps at least one admin: make another member admin first.");
            existing.Role = role;
            return existing;
        }
        var member = new ProjectMember(Id, userId, role);
        Members.Add(member);
        return member;
    }
}
