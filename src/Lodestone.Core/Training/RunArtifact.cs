namespace Lodestone.Training;

/// <summary>A file or folder of a run's artifacts; <see cref="Path"/> is relative to the run's files folder, with '/'.</summary>
public sealed record RunArtifact(string Path, bool IsDirectory, long? SizeBytes);
