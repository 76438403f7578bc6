using Lodestone.Models;

namespace Lodestone.Components.Registry;

/// <summary>
/// Places a genealogy's versions for drawing: a column per generation (a version sits one column right of the latest
/// version it came from), rows in order of creation within a column.
/// </summary>
public sealed class GenealogyLayout
{
    public const int ColumnWidth = 215;
    public const int RowHeight = 58;
    public const int NodeWidth = 180;
    public const int NodeHeight = 40;
    private const int Margin = 12;

    public IReadOnlyDictionary<Guid, (int X, int Y)> Positions { get; }
    public int Width { get; }
    public int Height { get; }

    public GenealogyLayout(ModelGenealogy genealogy)
    {
        var parents = genealogy.Edges.ToLookup(e => e.To, e => e.From);
        var column = new Dictionary<Guid, int>();
        // Nodes come oldest first and an edge always points to a newer version, so one pass settles every column.
        foreach (var node in genealogy.Nodes)
            column[node.VersionId] = parents[node.VersionId].Where(column.ContainsKey).Select(p => column[p] + 1).DefaultIfEmpty(0).Max();
        var rows = new Dictionary<int, int>();
        var positions = new Dictionary<Guid, (int X, int Y)>();
        foreach (var node in genealogy.Nodes)
        {
            var c = column[node.VersionId];
            var r = rows.GetValueOrDefault(c);
            rows[c] = r + 1;
            positions[node.VersionId] = (Margin + c * ColumnWidth, Margin + r * RowHeight);
        }
        Positions = positions;
        Width = Margin * 2 + (rows.Count == 0 ? 0 : rows.Keys.Max() * ColumnWidth + NodeWidth);
        Height = Margin * 2 + (rows.Count == 0 ? 0 : (rows.Values.Max() - 1) * RowHeight + NodeHeight);
    }
}
