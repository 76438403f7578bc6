namespace Lodestone.Deployments;

/// <summary>
/// A deployment as the API shows it: what it targets (<c>version</c> or <c>alias</c>), the version it serves now
/// (null with <c>problem</c> when it can serve none), its sensor if it has one, and its requests in the last minute.
/// </summary>
public sealed record DeploymentResponse(
    Guid Id, string Name, string Model, int? Version, string? Alias, string? SensorKind, string? Sensor, DeploymentState State,
    string Status, ServedVersion? Serving, string? Problem, string? CreatedBy, DateTime CreatedAt, DateTime UpdatedAt, RecentRequests? Requests,
    string PredictUrl)
{
    public static DeploymentResponse Of(Deployment d, ServedDeployment? served, long unixSecond) => new(
        d.Id, d.Name, d.ModelName, d.VersionNumber, d.Alias, d.SensorKind, d.Sensor, d.State,
        served is null ? "starting" : served.Model is null ? "unavailable" : "serving",
        served?.Model is { } m ? new ServedVersion(m.VersionId, m.ModelName, m.Number, m.TrainerKind) : null,
        served?.Problem, d.CreatedBy, d.CreatedAt, d.UpdatedAt, served?.Stats.Recent(unixSecond),
        $"/api/projects/{d.ProjectId}/deployments/{Uri.EscapeDataString(d.Name)}/predict");
}

/// <summary>The version a deployment serves at the moment.</summary>
public sealed record ServedVersion(Guid Id, string ModelName, int Number, string TrainerKind);

public sealed record CreateDeploymentRequest(string? Name, string? Model, int? Version, string? Alias, string? SensorKind, string? Sensor);

public sealed record SwitchDeploymentRequest(int? Version, string? Alias);
