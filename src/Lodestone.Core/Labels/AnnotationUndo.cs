namespace Lodestone.Labels;

/// <summary>What an undo or redo did: the annotation as it is now (deleted or not), or why nothing was done.</summary>
public sealed record AnnotationUndo(AnnotationUndoOutcome Outcome, Annotation? Annotation = null, string? Problem = null);

public enum AnnotationUndoOutcome
{
    Applied,
    NothingToDo,
    /// <summary>Someone changed the annotation after the change being undone or redone; nothing was done.</summary>
    Conflict,
}
