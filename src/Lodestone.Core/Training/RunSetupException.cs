namespace Lodestone.Training;

/// <summary>A run that cannot start as configured (unknown trainer, missing dataset or channel); the run fails with this message.</summary>
public sealed class RunSetupException(string message) : Exception(message);
