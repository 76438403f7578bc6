namespace Lodestone.Sensors;

/// <summary>Readings of some sensors of a project were stored; <see cref="Sensors"/> names them.</summary>
public sealed record ReadingsArrived(Guid ProjectId, IReadOnlyList<string> Sensors, int Count, DateTime At);
