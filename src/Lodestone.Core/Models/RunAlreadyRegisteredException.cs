namespace Lodestone.Models;

/// <summary>A run already made a version: Lodestone keeps one version per run (MLflow answers RESOURCE_ALREADY_EXISTS).</summary>
public sealed class RunAlreadyRegisteredException(Guid runId, string modelName, int number)
    : InvalidInputException($"run_id: run {runId:N} is already registered, as {modelName} version {number}; a run makes one model version here.");
