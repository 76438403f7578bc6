namespace Lodestone.Deployments;

/// <summary>
/// A deployment as the predict path sees it: what it is, the warm model of the version it resolved to (null with a
/// <see cref="Problem"/> when it resolves to none: the alias was removed, the version's model does not load), and
/// its request counters, which survive the entry being replaced when the deployment switches version.
/// </summary>
public sealed record ServedDeployment(
    Guid Id, Guid ProjectId, string Name, string Target, string? SensorKind, string? Sensor, ServingModel? Model, string? Problem,
    RequestStats Stats);
