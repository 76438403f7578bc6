using System.Security.Cryptography;

namespace Lodestone.Models;

/// <summary>
/// A model an MLflow 3 client logged (<c>mlflow.&lt;flavor&gt;.log_model</c>) before anyone registered it: a named
/// folder of files with params and tags, produced by a run. Its files live in the run's files folder under
/// <see cref="ArtifactPath"/>, so that a version registered from it (<c>models:/m-…</c>) is an ordinary
/// <see cref="ModelVersion"/> of that run with that artifact path.
/// </summary>
public sealed class LoggedModel
{
    public const int MaxName = 250;
    public const int MaxType = 100;
    public const int MaxEntries = 1000;
    public const int MaxKey = 250;
    public const int MaxValue = 8000;

    /// <summary><c>m-</c> and 32 hex digits, as MLflow's own ids.</summary>
    public string Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public Guid SourceRunId { get; private set; }
    public string Name { get; private set; }
    public string? ModelType { get; private set; }
    public LoggedModelStatus Status { get; private set; }
    public Dictionary<string, string> Params { get; private set; } = [];
    public Dictionary<string, string> Tags { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>The folder of its files, relative to the source run's files folder.</summary>
    public string ArtifactPath => $"models/{Id}";

    private LoggedModel(string id, Guid projectId, Guid sourceRunId, string name)
    {
        Id = id;
        ProjectId = projectId;
        SourceRunId = sourceRunId;
        Name = name;
    }

    /// <exception cref="InvalidInputException">A name, type, param or tag does not qualify.</exception>
    public static LoggedModel Create(Guid projectId, Guid sourceRunId, string? name, string? modelType,
        IEnumerable<KeyValuePair<string, string>> parameters, IEnumerable<KeyValuePair<string, string>> tags, DateTime now)
    {
        var id = "m-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var trimmed = string.IsNullOrWhiteSpace(name) ? id : name.Trim();
        if (trimmed.Length > MaxName || trimmed.Any(char.IsControl) || trimmed.Contains('/'))
            throw new InvalidInputException($"name: a logged model's name has at most {MaxName} characters, without '/' or control characters.");
        if (modelType is { Length: > MaxType }) throw new InvalidInputException($"model_type: at most {MaxType} characters.");
        var model = new LoggedModel(id, projectId, sourceRunId, trimmed) { ModelType = modelType, Status = LoggedModelStatus.Pending, CreatedAt = now, UpdatedAt = now };
        model.LogParams(parameters, now);
        model.SetTags(tags, now);
        return model;
    }

    /// <summary>Params are written once, as a run's are: the same value again is fine, another one is refused.</summary>
    /// <exception cref="InvalidInputException">A param would change, or does not qualify.</exception>
    public void LogParams(IEnumerable<KeyValuePair<string, string>> parameters, DateTime now)
    {
        foreach (var (key, value) in parameters)
        {
            Check(key, value, "params");
            if (Params.TryGetValue(key, out var old) && old != value)
                throw new InvalidInputException($"params: '{key}' is already '{old}'; a logged model's params are written once.");
            Params[key] = value;
        }
        if (Params.Count > MaxEntries) throw new InvalidInputException($"params: at most {MaxEntries}.");
        UpdatedAt = now;
    }

    /// <exception cref="InvalidInputException">A tag does not qualify.</exception>
    public void SetTags(IEnumerable<KeyValuePair<string, string>> tags, DateTime now)
    {
        foreach (var (key, value) in tags)
        {
            Check(key, value, "tags");
            Tags[key] = value;
        }
        if (Tags.Count > MaxEntries) throw new InvalidInputException($"tags: at most {MaxEntries}.");
        UpdatedAt = now;
    }

    public bool DeleteTag(string key, DateTime now)
    {
        if (!Tags.Remove(key)) return false;
        UpdatedAt = now;
        return true;
    }

    /// <summary>The client finished (or failed) uploading the files.</summary>
    public void Finalize(LoggedModelStatus status, DateTime now)
    {
        Status = status;
        UpdatedAt = now;
    }

    private static void Check(string key, string value, string field)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKey) throw new InvalidInputException($"{field}: a key has 1 to {MaxKey} characters.");
        if (value is { Length: > MaxValue }) throw new InvalidInputException($"{field}: '{key}' must have at most {MaxValue} characters.");
    }
}
