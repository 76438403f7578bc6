using Lodestone.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Models;

/// <summary>
/// Draws up a model's <see cref="ModelGenealogy"/>: its versions, then, a generation at a time, the versions they came
/// from and the versions of other models that came from them, all within the project.
/// </summary>
public sealed class ModelGenealogist(LodestoneDb db)
{
    /// <summary>Versions taken in at most, so that a project with a very long history still answers quickly.</summary>
    public const int MaxNodes = 500;

    public async Task<ModelGenealogy> ForModelAsync(Guid projectId, Guid modelId, CancellationToken cancellationToken = default)
    {
        var versions = db.Set<ModelVersion>().AsNoTracking().Where(v => v.ProjectId == projectId);
        var known = (await versions.Where(v => v.ModelId == modelId).ToListAsync(cancellationToken)).ToDictionary(v => v.Id);
        var frontier = known.Keys.ToList();
        while (frontier.Count > 0 && known.Count < MaxNodes)
        {
            var wanted = frontier.Select(id => known[id]).SelectMany(Origins).Where(id => !known.ContainsKey(id)).Distinct().ToList();
            var found = await versions.Where(v => wanted.Contains(v.Id)
                || (v.ParentVersionId != null && frontier.Contains(v.ParentVersionId.Value))
                || (v.ClonedFromVersionId != null && frontier.Contains(v.ClonedFromVersionId.Value))).ToListAsync(cancellationToken);
            frontier = [];
            foreach (var version in found.Where(v => !known.ContainsKey(v.Id)).Take(MaxNodes - known.Count))
            {
                known[version.Id] = version;
                frontier.Add(version.Id);
            }
        }
        return Build(modelId, known.Values);
    }

    /// <summary>The graph over <paramref name="versions"/>: edges only between versions that are both in it.</summary>
    public static ModelGenealogy Build(Guid modelId, IEnumerable<ModelVersion> versions)
    {
        var all = versions.OrderBy(v => v.CreatedAt).ThenBy(v => v.ModelName, StringComparer.Ordinal).ThenBy(v => v.Number).ToList();
        var ids = all.Select(v => v.Id).ToHashSet();
        var nodes = all.Select(v => new GenealogyNode(v.Id, v.ModelName, v.Number, v.TrainerKind, v.CreatedAt, v.VersionLabel,
            v.ModelId == modelId, v.SourceRunId)).ToList();
        var edges = new List<GenealogyEdge>();
        foreach (var version in all)
        {
            if (version.ParentVersionId is { } parent && ids.Contains(parent)) edges.Add(new(parent, version.Id, GenealogyEdgeKind.Continued));
            if (version.ClonedFromVersionId is { } source && ids.Contains(source)) edges.Add(new(source, version.Id, GenealogyEdgeKind.Cloned));
        }
        return new ModelGenealogy(nodes, edges);
    }

    private static IEnumerable<Guid> Origins(ModelVersion version)
    {
        if (version.ParentVersionId is { } parent) yield return parent;
        if (version.ClonedFromVersionId is { } source) yield return source;
    }
}
