namespace Lodestone.Models;

/// <summary>
/// Where a model's versions came from, as a graph: every version of the model, the versions of other models they
/// continue from or were cloned from (their ancestors, however far), and the versions of other models that continue
/// from or were cloned from one of them. An edge goes from the older version to the one made from it.
/// </summary>
public sealed record ModelGenealogy(IReadOnlyList<GenealogyNode> Nodes, IReadOnlyList<GenealogyEdge> Edges);

/// <summary>A version in a genealogy; <see cref="InModel"/> is false for the versions of other models around it.</summary>
public sealed record GenealogyNode(Guid VersionId, string ModelName, int Number, string TrainerKind, DateTime CreatedAt,
    string? VersionLabel, bool InModel, Guid SourceRunId);

/// <summary>
/// <see cref="GenealogyEdgeKind.Continued"/>: a run trained <see cref="To"/> from <see cref="From"/> (warm start or refit);
/// <see cref="GenealogyEdgeKind.Cloned"/>: <see cref="To"/> is a copy of <see cref="From"/>'s facts in a cloned model.
/// </summary>
public sealed record GenealogyEdge(Guid From, Guid To, GenealogyEdgeKind Kind);

public enum GenealogyEdgeKind
{
    Continued,
    Cloned,
}
