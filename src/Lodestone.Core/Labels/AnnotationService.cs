using Lodestone.Data;
using Lodestone.Datasets;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Labels;

/// <summary>
/// The annotations of a dataset: read by time range, created, edited and deleted with each change kept in the
/// author's history (<see cref="AnnotationChange"/>) for undo and redo. Every input is checked against the dataset
/// (range, channels, sensor) and the project's labels before anything is written; errors name the field.
/// </summary>
public sealed class AnnotationService(LodestoneDb db, LabelCatalog labels, TimeProvider clock)
{
    /// <summary>Annotations returned by one read at most; a chart reads the range it shows.</summary>
    public const int MaxRead = 10_000;

    private DbSet<Annotation> Annotations => db.Set<Annotation>();
    private DbSet<AnnotationChange> Changes => db.Set<AnnotationChange>();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The dataset's annotations that overlap [from, to) (all of them without a range), by start.</summary>
    public Task<List<Annotation>> ListAsync(Guid projectId, Guid datasetId, DateTime? from = null, DateTime? to = null,
        CancellationToken cancellationToken = default)
    {
        var query = Annotations.AsNoTracking().Where(a => a.ProjectId == projectId && a.DatasetId == datasetId && a.DeletedAt == null);
        if (from is { } f) query = query.Where(a => a.End > f);
        if (to is { } t) query = query.Where(a => a.Start < t);
        return query.OrderBy(a => a.Start).Take(MaxRead).ToListAsync(cancellationToken);
    }

    public Task<Annotation?> FindAsync(Guid projectId, Guid datasetId, Guid id, CancellationToken cancellationToken = default) =>
        Annotations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.ProjectId == projectId && a.DatasetId == datasetId && a.DeletedAt == null, cancellationToken);

    /// <summary>A new annotation; null when the project has no such dataset.</summary>
    /// <exception cref="InvalidInputException">The input does not fit the dataset or the project's labels.</exception>
    public async Task<Annotation?> CreateAsync(Guid projectId, Guid datasetId, AnnotationInput input, Guid userId, CancellationToken cancellationToken = default)
    {
        if (await DatasetAsync(projectId, datasetId, cancellationToken) is not { } dataset) return null;
        if (input.Start is null) throw new InvalidInputException("start: an annotation needs a start.");
        if (input.End is null) throw new InvalidInputException("end: an annotation needs an end.");
        if (input.Labels is null or { Count: 0 }) throw new InvalidInputException("labels: an annotation needs at least one label.");
        var state = await CheckAsync(dataset, new AnnotationState { Source = AnnotationSource.Human }, input, cancellationToken);
        var now = Now;
        var annotation = Annotation.Create(projectId, datasetId, state, userId, now);
        db.Add(annotation);
        await RecordAsync(annotation, userId, null, annotation.State, now, cancellationToken);
        return annotation;
    }

    /// <summary>Changes the fields the input gives; null when there is no such annotation.</summary>
    /// <exception cref="InvalidInputException">The result does not fit the dataset or the project's labels.</exception>
    public async Task<Annotation?> EditAsync(Guid projectId, Guid datasetId, Guid id, AnnotationInput input, Guid userId, CancellationToken cancellationToken = default)
    {
        if (await DatasetAsync(projectId, datasetId, cancellationToken) is not { } dataset) return null;
        var annotation = await Annotations.FirstOrDefaultAsync(a => a.Id == id && a.ProjectId == projectId && a.DatasetId == datasetId && a.DeletedAt == null, cancellationToken);
        if (annotation is null) return null;
        var before = annotation.State;
        var state = await CheckAsync(dataset, before, input, cancellationToken);
        var now = Now;
        annotation.Edit(state, now);
        await RecordAsync(annotation, userId, before, annotation.State, now, cancellationToken);
        return annotation;
    }

    /// <summary>Deletes the annotation (undo brings it back); false when there is no such annotation.</summary>
    public async Task<bool> DeleteAsync(Guid projectId, Guid datasetId, Guid id, Guid userId, CancellationToken cancellationToken = default)
    {
        var annotation = await Annotations.FirstOrDefaultAsync(a => a.Id == id && a.ProjectId == projectId && a.DatasetId == datasetId && a.DeletedAt == null, cancellationToken);
        if (annotation is null) return false;
        var before = annotation.State;
        var now = Now;
        annotation.Delete(now);
        await RecordAsync(annotation, userId, before, null, now, cancellationToken);
        return true;
    }

    /// <summary>Takes back the user's newest change to the dataset's annotations.</summary>
    public async Task<AnnotationUndo> UndoAsync(Guid projectId, Guid datasetId, Guid userId, CancellationToken cancellationToken = default)
    {
        var change = await Changes.Where(c => c.ProjectId == projectId && c.DatasetId == datasetId && c.UserId == userId && c.State == AnnotationChangeState.Done)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        if (change is null) return new(AnnotationUndoOutcome.NothingToDo, Problem: "There is nothing to undo.");
        return await ReturnToAsync(change, change.Before, undo: true, cancellationToken);
    }

    /// <summary>Replays the user's change undone last, unless they have made another change since.</summary>
    public async Task<AnnotationUndo> RedoAsync(Guid projectId, Guid datasetId, Guid userId, CancellationToken cancellationToken = default)
    {
        var change = await Changes.Where(c => c.ProjectId == projectId && c.DatasetId == datasetId && c.UserId == userId && c.State == AnnotationChangeState.Undone)
            .OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        if (change is null) return new(AnnotationUndoOutcome.NothingToDo, Problem: "There is nothing to redo.");
        return await ReturnToAsync(change, change.After, undo: false, cancellationToken);
    }

    private async Task<AnnotationUndo> ReturnToAsync(AnnotationChange change, AnnotationState? target, bool undo, CancellationToken cancellationToken)
    {
        var annotation = await Annotations.FirstOrDefaultAsync(a => a.Id == change.AnnotationId, cancellationToken);
        // Undoing a change expects the annotation as the change left it; redoing one, as its undo left it.
        if (annotation is null || annotation.Revision != change.RevisionAfter)
            return new(AnnotationUndoOutcome.Conflict, annotation,
                "Someone changed this annotation after you did; your change is no longer the latest, so it was left as it is.");
        var now = Now;
        if (target is null) annotation.Delete(now);
        else annotation.Edit(target, now);
        if (undo) change.Undone(annotation.Revision);
        else change.Redone(annotation.Revision);
        await db.SaveChangesAsync(cancellationToken);
        return new(AnnotationUndoOutcome.Applied, annotation);
    }

    private async Task RecordAsync(Annotation annotation, Guid userId, AnnotationState? before, AnnotationState? after, DateTime now,
        CancellationToken cancellationToken)
    {
        // A new change ends what could be redone; saved with it, in one transaction.
        foreach (var undone in await Changes.Where(c => c.DatasetId == annotation.DatasetId && c.UserId == userId && c.State == AnnotationChangeState.Undone)
                     .ToListAsync(cancellationToken))
            undone.Discarded();
        db.Add(AnnotationChange.Of(annotation, userId, before, after, now));
        await db.SaveChangesAsync(cancellationToken);
    }

    private Task<Dataset?> DatasetAsync(Guid projectId, Guid datasetId, CancellationToken cancellationToken) =>
        db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId && d.ProjectId == projectId, cancellationToken);

    private async Task<AnnotationState> CheckAsync(Dataset dataset, AnnotationState current, AnnotationInput input, CancellationToken cancellationToken)
    {
        var start = input.Start?.ToUniversalTime() ?? current.Start;
        var end = input.End?.ToUniversalTime() ?? current.End;
        if (end <= start) throw new InvalidInputException($"end: must be after start ({start:O}); it is {end:O}.");
        if (dataset.StartTime is { } first && dataset.EndTime is { } last && (end < first || start > last))
            throw new InvalidInputException($"start: the range {start:O}–{end:O} lies outside the dataset's samples ({first:O}–{last:O}).");
        var channels = input.Channels?.Select(c => c.Trim()).ToList() ?? current.Channels;
        var known = dataset.Channels.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < channels.Count; i++)
            if (!known.Contains(channels[i]))
                throw new InvalidInputException($"channels[{i}]: the dataset has no channel '{channels[i]}'; it has {string.Join(", ", known)}.");
        var sensor = input.Sensor is null ? current.Sensor : input.Sensor.Trim() is { Length: > 0 } s ? s : null;
        if (sensor is not null && !dataset.SensorIds.Contains(sensor))
            throw new InvalidInputException($"sensor: the dataset has no rows of sensor '{sensor}'; it has {(dataset.SensorIds.Count == 0 ? "none" : string.Join(", ", dataset.SensorIds))}.");
        var chosen = input.Labels is null ? current.Labels : await LabelsAsync(dataset.ProjectId, input.Labels, cancellationToken);
        return new AnnotationState
        {
            Start = start, End = end, Channels = channels.Distinct().ToList(), Sensor = sensor, Labels = chosen,
            Source = input.Source ?? current.Source, Revision = current.Revision,
        };
    }

    private async Task<List<AnnotationLabel>> LabelsAsync(Guid projectId, IReadOnlyList<LabelInput> given, CancellationToken cancellationToken)
    {
        if (given.Count == 0) throw new InvalidInputException("labels: an annotation needs at least one label.");
        if (given.Count > Annotation.MaxLabels) throw new InvalidInputException($"labels: at most {Annotation.MaxLabels}; there are {given.Count}.");
        var categories = await labels.ListAsync(projectId, cancellationToken);
        var result = new List<AnnotationLabel>();
        for (var i = 0; i < given.Count; i++)
        {
            var label = given[i];
            var category = label.CategoryId is { } id ? categories.FirstOrDefault(c => c.Id == id)
                : categories.FirstOrDefault(c => string.Equals(c.Name, label.Category?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (category is null)
                throw new InvalidInputException($"labels[{i}]: the project has no label {(label.CategoryId is { } g ? g.ToString() : $"'{label.Category}'")}; it has {string.Join(", ", categories.Select(c => c.Name))}.");
            var confidence = label.Confidence ?? 1;
            if (!(confidence is >= 0 and <= 1)) throw new InvalidInputException($"labels[{i}].confidence: must be between 0 and 1; it is {confidence}.");
            if (result.Any(r => r.CategoryId == category.Id)) throw new InvalidInputException($"labels[{i}]: '{category.Name}' is given twice.");
            result.Add(new AnnotationLabel { CategoryId = category.Id, Confidence = confidence });
        }
        return result;
    }
}
