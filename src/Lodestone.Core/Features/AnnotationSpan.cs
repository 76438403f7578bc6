namespace Lodestone.Features;

/// <summary>A labelled time range as windowing needs it: [Start, End) and its labels, each with a confidence in [0, 1].</summary>
public sealed record AnnotationSpan(DateTime Start, DateTime End, IReadOnlyDictionary<string, float> Labels);
