namespace Lodestone.Labels;

/// <summary>One label of an annotation and how sure its author was, 0 to 1.</summary>
public sealed class AnnotationLabel
{
    public Guid CategoryId { get; init; }
    public double Confidence { get; init; } = 1;
}
