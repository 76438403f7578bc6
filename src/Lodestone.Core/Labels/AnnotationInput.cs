namespace Lodestone.Labels;

/// <summary>
/// An annotation as a request gives it: for a new one, a range and labels at least; for an edit, only what changes
/// (null keeps a field; an empty channel list means all channels; an empty sensor removes it).
/// </summary>
public sealed record AnnotationInput(DateTime? Start = null, DateTime? End = null, IReadOnlyList<LabelInput>? Labels = null,
    IReadOnlyList<string>? Channels = null, string? Sensor = null, AnnotationSource? Source = null);

/// <summary>A label by category id or by name (case does not matter), with a confidence 0–1 (1 when left out).</summary>
public sealed record LabelInput(Guid? CategoryId = null, string? Category = null, double? Confidence = null);
