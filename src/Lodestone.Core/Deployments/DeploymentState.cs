namespace Lodestone.Deployments;

/// <summary>A deployment serves until it is undeployed; an undeployed one is kept (who served what, when) and frees its name.</summary>
public enum DeploymentState
{
    Serving = 0,
    Undeployed = 1,
}
