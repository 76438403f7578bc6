using Lodestone.Data;
using Lodestone.Features;
using Lodestone.Trainers;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Labels;

/// <summary>
/// Labels a dataset's windows from its annotations, for training: each window carries the labels whose annotations
/// cover at least half of it, weighted by their confidence (<see cref="WindowLabels.Assign"/>), so overlapping
/// annotations make multi-label windows. At a hierarchy <c>level</c>, a label deeper than it counts as its ancestor at
/// that depth (0: the top-level labels). An annotation of one sensor labels only that sensor's windows.
/// </summary>
public sealed class AnnotationLabeller
{
    private readonly List<(string? Sensor, AnnotationSpan Span)> _spans;

    private AnnotationLabeller(List<(string? Sensor, AnnotationSpan Span)> spans) => _spans = spans;

    public bool IsEmpty => _spans.Count == 0;

    /// <summary>Whether any annotation names a sensor, so that windows must be read per sensor to be labelled.</summary>
    public bool IsPerSensor => _spans.Any(s => s.Sensor is not null);

    public static async Task<AnnotationLabeller> ForDatasetAsync(LodestoneDb db, Guid projectId, Guid datasetId, int? level, CancellationToken cancellationToken)
    {
        var annotations = await db.Set<Annotation>().AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.DatasetId == datasetId && a.DeletedAt == null).ToListAsync(cancellationToken);
        if (annotations.Count == 0) return new([]);
        var categories = await db.Set<LabelCategory>().AsNoTracking().Where(c => c.ProjectId == projectId).ToDictionaryAsync(c => c.Id, cancellationToken);
        var spans = new List<(string?, AnnotationSpan)>();
        foreach (var annotation in annotations)
        {
            var labels = new Dictionary<string, float>(StringComparer.Ordinal);
            foreach (var label in annotation.Labels)
            {
                if (!categories.TryGetValue(label.CategoryId, out var category)) continue;
                var name = AtLevel(category, categories, level).Name;
                // Two children of one parent on the same range: the parent is as sure as the surer of them.
                labels[name] = Math.Max(labels.GetValueOrDefault(name), (float)label.Confidence);
            }
            if (labels.Count > 0) spans.Add((annotation.Sensor, new AnnotationSpan(annotation.Start, annotation.End, labels)));
        }
        return new(spans);
    }

    /// <summary>The windows (of <paramref name="sensor"/>, or of no sensor in particular) with the labels of the annotations that cover them.</summary>
    public WindowSet Label(WindowSet windows, string? sensor) =>
        WindowLabels.Assign(windows, [.. _spans.Where(s => s.Sensor is null || s.Sensor == sensor).Select(s => s.Span)]);

    private static LabelCategory AtLevel(LabelCategory category, IReadOnlyDictionary<Guid, LabelCategory> all, int? level)
    {
        if (level is not { } wanted) return category;
        var chain = category.WithAncestors(all).Reverse().ToList(); // root first
        return chain[Math.Min(wanted, chain.Count - 1)];
    }
}
