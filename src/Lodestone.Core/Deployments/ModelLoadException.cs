namespace Lodestone.Deployments;

/// <summary>A version's saved model is missing or does not load, so it cannot be served.</summary>
public sealed class ModelLoadException(string message, Exception inner) : Exception(message, inner);
