namespace Lodestone.Labels;

/// <summary>
/// What an annotation says, apart from who and when: its range, channels, sensor, labels and source. Its
/// <see cref="Revision"/> counts the edits, so an undo can tell whether someone changed the annotation since.
/// </summary>
public sealed class AnnotationState
{
    public DateTime Start { get; init; }
    public DateTime End { get; init; }
    public List<string> Channels { get; init; } = [];
    public string? Sensor { get; init; }
    public List<AnnotationLabel> Labels { get; init; } = [];
    public AnnotationSource Source { get; init; }
    public int Revision { get; init; }
}
