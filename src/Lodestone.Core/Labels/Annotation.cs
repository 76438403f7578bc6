namespace Lodestone.Labels;

/// <summary>
/// A time range of a dataset (optionally some of its channels, optionally one sensor's rows) with one or more labels,
/// each with a confidence. Annotations may overlap. A deleted one is kept (marked) so that an undo brings it back as it was.
/// </summary>
public sealed class Annotation
{
    public const int MaxLabels = 20;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; private set; }
    public Guid DatasetId { get; private set; }
    public DateTime Start { get; private set; }
    public DateTime End { get; private set; }
    /// <summary>The channels the range is about; empty for all of them.</summary>
    public List<string> Channels { get; private set; } = [];
    public string? Sensor { get; private set; }
    public List<AnnotationLabel> Labels { get; private set; } = [];
    public AnnotationSource Source { get; private set; }
    public Guid? AuthorId { get; private set; }
    public int Revision { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? DeletedAt { get; private set; }

    private Annotation() { }

    /// <summary>A new annotation in the state given, already checked against its dataset and labels.</summary>
    public static Annotation Create(Guid projectId, Guid datasetId, AnnotationState state, Guid? authorId, DateTime now)
    {
        var annotation = new Annotation { ProjectId = projectId, DatasetId = datasetId, AuthorId = authorId, CreatedAt = now };
        annotation.Apply(state, now);
        annotation.Revision = 1;
        return annotation;
    }

    public AnnotationState State => new()
    {
        Start = Start, End = End, Channels = [.. Channels], Sensor = Sensor, Labels = [.. Labels], Source = Source, Revision = Revision,
    };

    /// <summary>Takes the range, channels, sensor, labels and source of <paramref name="state"/>, as an edit.</summary>
    public void Edit(AnnotationState state, DateTime now)
    {
        Apply(state, now);
        Revision++;
        DeletedAt = null;
    }

    public void Delete(DateTime now)
    {
        DeletedAt = now;
        UpdatedAt = now;
        Revision++;
    }

    private void Apply(AnnotationState state, DateTime now)
    {
        Start = state.Start;
        End = state.End;
        Channels = [.. state.Channels];
        Sensor = state.Sensor;
        Labels = [.. state.Labels];
        Source = state.Source;
        UpdatedAt = now;
    }
}
