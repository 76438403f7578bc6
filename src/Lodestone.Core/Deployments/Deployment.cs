using System.Text.RegularExpressions;

namespace Lodestone.Deployments;

/// <summary>
/// A named endpoint of a project serving one model version: a fixed version number, or an alias it follows when the
/// alias moves. A deployment may name a sensor (with the sensor kind, i.e. the trainer kind, it answers for): the
/// sensors' predictions then come from it before any other model of that sensor. Names are unique among a project's
/// serving deployments; undeploying keeps the row and frees the name.
/// </summary>
public sealed partial class Deployment
{
    public const int MaxName = 100;
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$";

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    public string Name { get; private set; }
    public string ModelName { get; private set; }
    /// <summary>The version served; null when the deployment follows <see cref="Alias"/>.</summary>
    public int? VersionNumber { get; private set; }
    public string? Alias { get; private set; }
    /// <summary>The trainer kind (drift, calibration…) the deployment answers a sensor's predictions for, with <see cref="Sensor"/>.</summary>
    public string? SensorKind { get; private set; }
    public string? Sensor { get; private set; }
    public string? CreatedBy { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DeploymentState State { get; private set; }
    public DateTime? UndeployedAt { get; private set; }

    private Deployment(Guid projectId, string name, string modelName)
    {
        ProjectId = projectId;
        Name = name;
        ModelName = modelName;
    }

    /// <exception cref="InvalidInputException">The name does not qualify, or the target is not exactly one of a version and an alias.</exception>
    public static Deployment Create(Guid projectId, string? name, string? modelName, int? version, string? alias, string? sensorKind,
        string? sensor, string? createdBy, DateTime now)
    {
        var deployment = new Deployment(projectId, CheckName(name), CheckModel(modelName))
        {
            CreatedBy = createdBy, CreatedAt = now, UpdatedAt = now, State = DeploymentState.Serving,
        };
        deployment.Target(version, alias, now);
        deployment.SensorKind = Optional(sensorKind, "sensorKind");
        deployment.Sensor = Optional(sensor, "sensor");
        if (deployment.SensorKind is not null && deployment.Sensor is null)
            throw new InvalidInputException("sensor: a deployment for a sensor kind names the sensor it serves.");
        return deployment;
    }

    /// <summary>Serves another version, or follows another alias (exactly one of them).</summary>
    /// <exception cref="InvalidInputException">Neither or both are given, or the alias name does not qualify.</exception>
    public void Target(int? version, string? alias, DateTime now)
    {
        EnsureServing();
        var hasAlias = !string.IsNullOrWhiteSpace(alias);
        if (version.HasValue == hasAlias)
            throw new InvalidInputException("version: give either a version number (\"version\": 3) or an alias (\"alias\": \"production\"), not both or neither.");
        if (version is < 1) throw new InvalidInputException($"version: version numbers start at 1; {version} is none.");
        VersionNumber = version;
        Alias = hasAlias ? Models.ModelAlias.CheckName(alias) : null;
        UpdatedAt = now;
    }

    /// <summary>Completes the sensor kind from the version when only the sensor was named.</summary>
    public void ServesKind(string trainerKind) => SensorKind ??= Sensor is null ? null : trainerKind;

    public void Undeploy(DateTime now)
    {
        EnsureServing();
        State = DeploymentState.Undeployed;
        UndeployedAt = now;
        UpdatedAt = now;
    }

    /// <summary>How the deployment names what it serves: <c>model v3</c> or <c>model@production</c>.</summary>
    public string TargetText => Alias is null ? $"{ModelName} v{VersionNumber}" : $"{ModelName}@{Alias}";

    /// <exception cref="InvalidInputException">The name does not match <see cref="NamePattern"/>.</exception>
    public static string CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (!DeploymentName().IsMatch(trimmed))
            throw new InvalidInputException($"name: '{trimmed}' is not a deployment name: a letter or digit, then up to {MaxName - 1} letters, digits, '.', '-' or '_'.");
        return trimmed;
    }

    private static string CheckModel(string? modelName)
    {
        if (string.IsNullOrWhiteSpace(modelName)) throw new InvalidInputException("model: name the model whose version the deployment serves.");
        return modelName.Trim();
    }

    private void EnsureServing()
    {
        if (State != DeploymentState.Serving) throw new InvalidInputException($"Deployment '{Name}' was undeployed; deploy again under that name.");
    }

    private static string? Optional(string? value, string field)
    {
        var trimmed = value?.Trim();
        if (trimmed is { Length: > 200 }) throw new InvalidInputException($"{field}: must have at most 200 characters; it has {trimmed.Length}.");
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    [GeneratedRegex(NamePattern)]
    private static partial Regex DeploymentName();
}
