namespace Lodestone.Deployments;

/// <summary>A serving deployment of the project already has the name.</summary>
public sealed class DeploymentNameTakenException(string name) : Exception($"The project already has a deployment named '{name}'.");
