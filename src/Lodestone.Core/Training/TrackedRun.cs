namespace Lodestone.Training;

/// <summary>What a request about a run needs to know before it writes: that the run exists, its project, and the metric it monitors.</summary>
public sealed record TrackedRun(Guid Id, Guid ProjectId, string? MonitorMetric);
