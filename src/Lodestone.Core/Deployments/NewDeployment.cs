namespace Lodestone.Deployments;

/// <summary>What a new deployment serves: a model's version number or alias, optionally for one sensor.</summary>
public sealed record NewDeployment(string? Name, string? Model, int? Version, string? Alias, string? SensorKind = null, string? Sensor = null);
