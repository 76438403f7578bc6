namespace Lodestone.Labels;

/// <summary>
/// The project's label categories as they stood after a change, numbered 1, 2, 3…: a model version trained from
/// annotations names the revision it learnt, so renamed or regrouped labels later do not rewrite what it knew.
/// </summary>
public sealed class LabelSetRevision
{
    public Guid ProjectId { get; private set; }
    public int Number { get; private set; }
    public List<LabelSnapshot> Categories { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }

    private LabelSetRevision() { }

    public static LabelSetRevision Of(Guid projectId, int number, IEnumerable<LabelCategory> categories, DateTime now) => new()
    {
        ProjectId = projectId,
        Number = number,
        Categories = [.. categories.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new LabelSnapshot
        {
            Id = c.Id, Name = c.Name, Color = c.Color, ShortcutKey = c.ShortcutKey, ParentId = c.ParentId,
        })],
        CreatedAt = now,
    };
}

/// <summary>A label category as one revision of the label set kept it.</summary>
public sealed class LabelSnapshot
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Color { get; init; } = "";
    public string? ShortcutKey { get; init; }
    public Guid? ParentId { get; init; }
}
