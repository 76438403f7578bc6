namespace Lodestone.Labels;

/// <summary>
/// One change a person made to a dataset's annotations, with the annotation's state before and after (null: it did
/// not exist, or was deleted), for undo and redo. Each person has their own history per dataset: undo takes back their
/// newest <see cref="AnnotationChangeState.Done"/> change, redo replays their oldest undone one, and a new change
/// discards what was undone.
/// </summary>
public sealed class AnnotationChange
{
    public long Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public Guid DatasetId { get; private set; }
    public Guid AnnotationId { get; private set; }
    public Guid UserId { get; private set; }
    public AnnotationState? Before { get; private set; }
    public AnnotationState? After { get; private set; }
    /// <summary>The annotation's revision right after the change: an undo finds it there, or someone changed it since.</summary>
    public int RevisionAfter { get; private set; }
    public AnnotationChangeState State { get; private set; }
    public DateTime At { get; private set; }

    private AnnotationChange() { }

    public static AnnotationChange Of(Annotation annotation, Guid userId, AnnotationState? before, AnnotationState? after, DateTime now) => new()
    {
        ProjectId = annotation.ProjectId, DatasetId = annotation.DatasetId, AnnotationId = annotation.Id, UserId = userId,
        Before = before, After = after, RevisionAfter = annotation.Revision, State = AnnotationChangeState.Done, At = now,
    };

    /// <summary>The change was undone (or redone) and left the annotation at <paramref name="revision"/>.</summary>
    public void Undone(int revision)
    {
        State = AnnotationChangeState.Undone;
        RevisionAfter = revision;
    }

    public void Redone(int revision)
    {
        State = AnnotationChangeState.Done;
        RevisionAfter = revision;
    }

    public void Discarded() => State = AnnotationChangeState.Discarded;
}

public enum AnnotationChangeState
{
    Done,
    Undone,
    Discarded,
}
