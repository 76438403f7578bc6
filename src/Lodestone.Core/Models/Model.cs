using System.Text.Json;
using Lodestone.Trainers;

namespace Lodestone.Models;

/// <summary>
/// A registered model of a project: a name unique in the project, what it does (task) and what people say about it
/// (tags, category, author, description, custom metadata). Its numbered versions are <see cref="ModelVersion"/>s; its
/// aliases (<c>production</c>, <c>staging</c>…) are <see cref="ModelAlias"/>es. A completed run creates the model with
/// its first version; the API and (later) the MLflow registry create empty ones.
/// </summary>
public sealed class Model
{
    public const int MaxName = RunLineage.MaxModelName;
    public const int MaxDescription = 5000;
    public const int MaxShortText = 200;
    public const int MaxTags = 100;
    public const int MaxMetadataChars = 64_000;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    public string Name { get; private set; }
    /// <summary>What the model does; null for a model created empty, until its first version says.</summary>
    public TrainingTask? Task { get; private set; }
    /// <summary>Free key–value tags (MLflow's registered-model tags are the same shape).</summary>
    public Dictionary<string, string> Tags { get; private set; } = [];
    public string? Category { get; private set; }
    public string? Author { get; private set; }
    public string Description { get; private set; } = "";
    /// <summary>A JSON object of whatever the team wants to keep with the model, stored as given.</summary>
    public Dictionary<string, JsonElement> Metadata { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    /// <summary>When the metadata changed or a version was added.</summary>
    public DateTime UpdatedAt { get; private set; }

    private Model(Guid projectId, string name)
    {
        ProjectId = projectId;
        Name = name;
    }

    public static Model Create(Guid projectId, string name, TrainingTask? task, string? author, DateTime now) =>
        new(projectId, CheckName(name)) { Task = task, Author = Trimmed(author, nameof(Author)), CreatedAt = now, UpdatedAt = now };

    /// <summary>
    /// The model a trained version names, created with it. The name is the version's as it is: the run's recipe
    /// checked it when the run was created, and a run that trained for hours is not refused at the end.
    /// </summary>
    public static Model ForFirstVersion(ModelVersion version, string? author) => new(version.ProjectId, version.ModelName)
    {
        Task = version.Task, Author = author is { Length: > MaxShortText } ? author[..MaxShortText] : author,
        CreatedAt = version.CreatedAt, UpdatedAt = version.CreatedAt,
    };

    /// <summary>A new model with this one's description, tags, category, task and metadata under another name.</summary>
    public Model CloneAs(string name, string? author, DateTime now) => new(ProjectId, CheckName(name))
    {
        Task = Task, Tags = new(Tags), Category = Category, Author = Trimmed(author, nameof(Author)) ?? Author, Description = Description,
        Metadata = new(Metadata), CreatedAt = now, UpdatedAt = now,
    };

    /// <summary>Applies the changes that are set; null leaves a field as it is, an empty string clears a text.</summary>
    /// <exception cref="InvalidInputException">A value is too long, or a tag key empty.</exception>
    public void Change(ModelChange change, DateTime now)
    {
        if (change.Description is { } description)
        {
            if (description.Length > MaxDescription) throw new InvalidInputException($"description: must have at most {MaxDescription} characters; it has {description.Length}.");
            Description = description;
        }
        if (change.Category is not null) Category = Trimmed(change.Category, "category");
        if (change.Author is not null) Author = Trimmed(change.Author, "author");
        if (change.Task is { } task) Task = task;
        if (change.Tags is { } tags) Tags = CheckTags(tags);
        if (change.Metadata is { } metadata) Metadata = CheckMetadata(metadata);
        UpdatedAt = now;
    }

    /// <summary>A version was added: the model learns its task if it had none, and reads as updated.</summary>
    public void VersionAdded(TrainingTask task, DateTime now)
    {
        Task ??= task;
        UpdatedAt = now > UpdatedAt ? now : UpdatedAt;
    }

    /// <summary>Gives the model another name (its versions follow, see <see cref="ModelVersion.BelongsTo"/>).</summary>
    /// <exception cref="InvalidInputException">The name does not qualify.</exception>
    public void Rename(string name, DateTime now)
    {
        Name = CheckName(name);
        UpdatedAt = now;
    }

    /// <summary>
    /// Moves a model that has no versions yet into another project: an MLflow client creates the registered model
    /// before it says which run (and so which project) its first version comes from.
    /// </summary>
    public void MoveTo(Guid projectId, int versionCount, DateTime now)
    {
        if (versionCount > 0) throw new InvalidOperationException("A model with versions stays in its project.");
        ProjectId = projectId;
        UpdatedAt = now;
    }

    /// <exception cref="InvalidInputException">The name is empty, too long, or has control characters.</exception>
    public static string CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) throw new InvalidInputException("name: a model needs a name.");
        if (trimmed.Length > MaxName) throw new InvalidInputException($"name: must have at most {MaxName} characters; it has {trimmed.Length}.");
        if (trimmed.Any(char.IsControl) || trimmed.Contains('/')) throw new InvalidInputException("name: must not contain '/' or control characters.");
        return trimmed;
    }

    private static string? Trimmed(string? value, string field)
    {
        var trimmed = value?.Trim();
        if (trimmed is { Length: > MaxShortText }) throw new InvalidInputException($"{field}: must have at most {MaxShortText} characters; it has {trimmed.Length}.");
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    private static Dictionary<string, string> CheckTags(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > MaxTags) throw new InvalidInputException($"tags: at most {MaxTags}; there are {tags.Count}.");
        var checkedTags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            var k = key.Trim();
            if (k.Length is 0 or > 250) throw new InvalidInputException($"tags: a key must have 1 to 250 characters; '{key}' has {k.Length}.");
            if (value is { Length: > MaxDescription }) throw new InvalidInputException($"tags.{k}: must have at most {MaxDescription} characters.");
            checkedTags[k] = value ?? "";
        }
        return checkedTags;
    }

    private static Dictionary<string, JsonElement> CheckMetadata(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
            throw new InvalidInputException($"metadata: must be a JSON object; it is {metadata.ValueKind.ToString().ToLowerInvariant()}.");
        var text = metadata.GetRawText();
        if (text.Length > MaxMetadataChars) throw new InvalidInputException($"metadata: must have at most {MaxMetadataChars} characters as JSON; it has {text.Length}.");
        return metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }
}
